import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/** A Redis client whose keys all start with keyPrefix (empty in production). */
export async function connectRedis(options: { url: string; keyPrefix?: string }): Promise<Redis> {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? '',
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  await redis.connect();
  return redis;
}
