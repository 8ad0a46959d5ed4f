import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import mongoose, { Schema } from 'mongoose';
import { Bus, storeUnreachable } from '@zhtj/bus';
import { jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { connectRedis, createHttpApp, createLogger, createMetrics, unavailableDependency } from '../src/index.js';
import { connectMongo } from '@zhtj/store';

const infra = testInfra();
const quiet = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** What a route answers when its call into a backing server fails as `failing` makes it fail. */
async function answerWhen(failing: () => Promise<unknown>) {
  const app = createHttpApp({
    serviceName: 'membership',
    logger: quiet,
    metrics: createMetrics('t'),
    readiness: [],
    bodyLimitBytes: 1024,
  });
  app.get('/x', async (c) => c.json(await failing()));
  const res = await app.request('/x');
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await jsonBody(res) };
}

describe('a backing server that cannot be reached', () => {
  it('is a 503 naming the service, with Retry-After — never a 500 — for Mongo, Redis and NATS', async () => {
    const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('deps') });
    const model = mongo.model('Thing', new Schema({ _id: String }));
    await mongo.close();
    const redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
    redis.disconnect();
    const bus = await Bus.connect({ url: infra.natsUrl, name: 'deps-test', namespace: infra.namespace });
    await bus.connection.close();

    for (const failing of [
      () => model.findById('a').lean(),
      () => redis.get('a'),
      () => bus.jetstream.publish(bus.namespace.subject('org.probe')),
    ]) {
      const answer = await answerWhen(failing);
      expect(answer).toMatchObject({ status: 503, retryAfter: '5', body: { code: 'SERVICE_UNAVAILABLE' } });
      expect(answer.body.detail).toContain('membership');
    }
  });

  it('is told apart from an ordinary failure', () => {
    expect(unavailableDependency(new Error('boom'))).toBeUndefined();
    expect(unavailableDependency(Object.assign(new Error('x'), { name: 'MongoServerError', code: 11000 }))).toBeUndefined();
    expect(
      unavailableDependency(new Error('wrapped', { cause: Object.assign(new Error('y'), { name: 'MongoNetworkError' }) })),
    ).toBe('mongo');
  });
});

/** The error a query gives with `run`'s connection in some state. */
async function queryError(run: (model: mongoose.Model<{ _id: string }>) => Promise<unknown>, url: string) {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 300 });
  connection.on('error', () => undefined);
  const model = connection.model<{ _id: string }>('Thing', new Schema({ _id: String }, { bufferTimeoutMS: 300 }));
  try {
    await run(model);
    throw new Error('the query did not fail');
  } catch (error) {
    return error;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

describe('an unreachable store server, told from a client its own process closed', () => {
  it('is an outage when no server answers (mongoose gives up on the buffered command), so consumers hold their messages through it', async () => {
    const error = await queryError((model) => model.findById('a').lean(), 'mongodb://127.0.0.1:9/zhtj');
    expect(unavailableDependency(error)).toBe('mongo');
    expect(storeUnreachable(error)).toBe(true);
  });

  it('is not an outage when this process closed its client: its messages go back for another replica', async () => {
    const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('closed') });
    const model = mongo.model('Thing', new Schema({ _id: String }));
    await mongo.close();
    const error = await model
      .findById('a')
      .lean()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(unavailableDependency(error)).toBe('mongo');
    expect(storeUnreachable(error)).toBe(false);
    expect(storeUnreachable(Object.assign(new Error('closed'), { name: 'MongoTopologyClosedError' }))).toBe(false);
  });
});
