import { Writable } from 'node:stream';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createHttpApp, createLogger, createMetrics, type SheddingLimits } from '../src/index.js';
import { connectMongo, currentBudget } from '@zhtj/store';

const infra = testInfra();
const quiet = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });
let mongo: Awaited<ReturnType<typeof connectMongo>>;
beforeAll(async () => {
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('budget') });
});
afterAll(async () => {
  await mongo?.db?.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

const thing = () =>
  (mongo.models.BudgetThing as mongoose.Model<{ _id: string; n: number }> | undefined) ??
  mongo.model<{ _id: string; n: number }>('BudgetThing', new Schema({ _id: String, n: Number }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function app(limits: Partial<SheddingLimits> = {}, readiness: Parameters<typeof createHttpApp>[0]['readiness'] = []) {
  const metrics = createMetrics('membership');
  const a = createHttpApp({
    serviceName: 'membership',
    logger: quiet,
    metrics,
    readiness,
    bodyLimitBytes: 1024,
    shedding: { maxConcurrent: 2, maxQueued: 2, defaultTimeoutMs: 5000, maxTimeoutMs: 10_000, ...limits },
  });
  const ran: string[] = [];
  a.get('/slow/:n', async (c) => {
    ran.push(c.req.param('n'));
    await sleep(Number(c.req.query('ms') ?? 300));
    return c.json({ n: c.req.param('n'), budgetLeft: (currentBudget()?.deadline ?? 0) - Date.now() });
  });
  a.post('/write', (c) => c.json({ ok: true }));
  a.get('/things', async (c) => c.json(await thing().find({ n: 1 }).lean()));
  return { a, ran, metrics };
}
const get = (a: ReturnType<typeof app>['a'], path: string, headers: Record<string, string> = {}) => a.request(path, { headers });

describe('the request budget and load shedding', () => {
  it('runs a bounded number at once, queues a bounded number, refuses the rest at once with 503 and Retry-After', async () => {
    const { a, ran } = app();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => get(a, `/slow/${n}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    const refused = answers.filter((r) => r.status === 503);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = await jsonBody(r);
      expect(problem.code).toBe('SERVICE_BUSY');
      expect(problem.detail).toContain('membership');
    }
    expect(ran).toHaveLength(4);
    // Two turns of 300 ms: the queue is served, not unbounded.
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('refuses at once what could not get its turn within its budget, and never runs what its caller gave up on', async () => {
    const { a, ran } = app({ maxQueued: 10 });
    // The lane learns that a request takes ~300 ms.
    await get(a, '/slow/warm');
    const running = [get(a, '/slow/busy1?ms=700'), get(a, '/slow/busy2?ms=700')];
    await sleep(20);
    // Its turn would come after about a request's time, more than it has.
    const hurried = await get(a, '/slow/hurried', { 'x-request-timeout-ms': '100' });
    expect(hurried.status).toBe(503);
    // Admitted (a turn expected within ~300 ms, 800 ms to spend), but the requests ahead take
    // longer than usual: when its turn comes it could no longer finish in time, and never runs.
    const late = await get(a, '/slow/gives-up', { 'x-request-timeout-ms': '800' });
    expect(late.status).toBe(503);
    await Promise.all(running);
    expect(ran).not.toContain('hurried');
    expect(ran).not.toContain('gives-up');
  });

  it('keeps writes going while reads are saturated, and says busy at /readyz without leaving the load balancer', async () => {
    const slowCheck = { name: 'mongo', check: () => sleep(3000) };
    const { a } = app({ maxQueued: 10 }, [slowCheck]);
    const reads = Array.from({ length: 6 }, (_, n) => get(a, `/slow/${n}?ms=2500`));
    await sleep(20);
    const write = await a.request('/write', { method: 'POST' });
    expect(write.status).toBe(200);
    const ready = await a.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await jsonBody(ready)).toMatchObject({ ready: true, busy: true, load: { read: { running: 2, queued: 4 } } });
    await Promise.all(reads);
  }, 20_000);

  it('gives each request the budget its caller named (capped), and bounds store reads by it (maxTimeMS)', async () => {
    const { a } = app();
    const body = await jsonBody(await get(a, '/slow/x?ms=0', { 'x-request-timeout-ms': '99999' }));
    expect(body.budgetLeft).toBeLessThanOrEqual(10_000);
    expect(body.budgetLeft).toBeGreaterThan(9000);

    const sent: Array<Record<string, unknown>> = [];
    mongoose.set(
      'debug',
      (_collection: string, _method: string, ...rest: unknown[]) => void sent.push((rest.at(-1) ?? {}) as never),
    );
    try {
      expect((await get(a, '/things', { 'x-request-timeout-ms': '3000' })).status).toBe(200);
      const options = sent.find((o) => typeof o === 'object' && o && 'maxTimeMS' in o);
      expect(options?.maxTimeMS).toBeGreaterThan(2000);
      expect(options?.maxTimeMS).toBeLessThanOrEqual(3000);
      // Outside a request (a consumer, a sweeper) reads are not bounded.
      sent.length = 0;
      await thing().find({ n: 2 }).lean();
      expect(sent.some((o) => typeof o === 'object' && o && 'maxTimeMS' in o)).toBe(false);
    } finally {
      mongoose.set('debug', false);
    }
  });
});
