import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * A Redis client whose keys all start with keyPrefix (empty in production). It reconnects by
 * itself when Redis goes away; meanwhile commands fail after two tries (the callers' policies
 * decide what that means) and `onError` hears of it — at most every ten seconds.
 */
export async function connectRedis(options: {
  url: string;
  keyPrefix?: string;
  onError?: (error: Error) => void;
}): Promise<Redis> {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? '',
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  let lastReported = 0;
  // Without a listener ioredis prints every failed reconnect to stderr.
  redis.on('error', (error: Error) => {
    if (Date.now() - lastReported < 10_000) return;
    lastReported = Date.now();
    options.onError?.(error);
  });
  await redis.connect();
  return redis;
}
