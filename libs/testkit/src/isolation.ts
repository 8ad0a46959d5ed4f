import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';

export interface InfraUrls {
  mongoUrl: string;
  natsUrl: string;
  redisUrl: string;
}

/**
 * A name that keeps one test file (or one `npm start`) apart from every other user of the same
 * servers: it prefixes database names, bus subjects and streams, and Redis keys.
 */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface Isolated extends InfraUrls {
  namespace: string;
  /** Database name for a service inside this namespace, e.g. `t…_membership`. */
  dbName(service: string): string;
  redisKeyPrefix: string;
}

export function isolate(urls: InfraUrls, namespace = uniqueNamespace()): Isolated {
  return { ...urls, namespace, dbName: (service) => `${namespace}_${service}`, redisKeyPrefix: `${namespace}:` };
}

/** Drops the databases, streams and keys whose names start with the prefix. */
export async function removeNamespace(urls: InfraUrls, prefix: string): Promise<void> {
  await Promise.allSettled([
    dropDatabases(urls.mongoUrl, prefix),
    deleteStreams(urls.natsUrl, prefix),
    deleteKeys(urls.redisUrl, prefix),
  ]);
}

async function dropDatabases(mongoUrl: string, prefix: string): Promise<void> {
  const conn = await mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 3000 }).asPromise();
  try {
    const { databases } = await conn.db!.admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(prefix)) await conn.useDb(name, { useCache: false }).dropDatabase();
    }
  } finally {
    await conn.close();
  }
}

async function deleteStreams(natsUrl: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 3000 });
  try {
    const jsm = await nc.jetstreamManager();
    const names = await jsm.streams.names().next();
    for (const name of names) if (name.startsWith(prefix)) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
