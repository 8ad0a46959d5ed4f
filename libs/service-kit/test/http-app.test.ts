import { Writable } from 'node:stream';
import { jsonBody } from '@zhtj/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, createLogger, createMetrics, readJson } from '../src/index.js';
import { AppError } from '@zhtj/contracts';

function build(readiness: Array<{ name: string; check(): Promise<unknown> }> = []) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ service: 'test', destination });
  const app = createHttpApp({ logger, metrics: createMetrics('test'), readiness, bodyLimitBytes: 1024 });
  app.post('/members', async (c) => {
    const body = await readJson(c, z.object({ name: z.string().min(1).max(50), idNumber: z.string().length(18) }).strict());
    return c.json({ received: body.name }, 201);
  });
  app.get('/boom', () => {
    throw new Error('secret internals: mongodb://user:pass@host');
  });
  app.get('/conflict', () => {
    throw new AppError('REGISTRATION_CODE_MISMATCH', { params: { orgName: '示例团委' } });
  });
  return { app, lines };
}

const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

describe('the service HTTP app', () => {
  it('accepts a valid body', async () => {
    const { app } = build();
    const res = await app.request('/members', json(JSON.stringify({ name: '张三', idNumber: '110101199003074477' })));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('echoes a plausible X-Request-Id, replaces an implausible one, and sends it on refusals too', async () => {
    const { app } = build();
    const given = await app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const odd = await app.request('/healthz', { headers: { 'x-request-id': 'a b<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await app.request('/no-such-route', { headers: { 'x-request-id': 'req-404' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('req-404');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON as problem+json', async () => {
    const { app } = build();
    const res = await app.request('/members', json('{"name": '));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await jsonBody(res);
    expect(problem).toMatchObject({ status: 400, code: 'MALFORMED_JSON', type: 'urn:zhtj:problem:malformed-json' });
    expect(problem.title).toMatch(/JSON/);
  });

  it('answers a wrong content type with 415', async () => {
    const { app } = build();
    const res = await app.request('/members', {
      method: 'POST',
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect((await jsonBody(res)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413 before the handler reads it', async () => {
    const { app } = build();
    const res = await app.request('/members', json(JSON.stringify({ name: 'x'.repeat(5000), idNumber: '1' })));
    expect(res.status).toBe(413);
    expect((await jsonBody(res)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lists each bad field, and refuses Mongo operators where a string is expected', async () => {
    const { app } = build();
    const res = await app.request('/members', json(JSON.stringify({ name: { $gt: '' }, idNumber: '123', extra: 1 })));
    expect(res.status).toBe(400);
    const problem = await jsonBody(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    // The unknown field is named, as the others are.
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'idNumber', 'name']);
    expect(problem.errors.find((e: { path: string }) => e.path === 'extra').code).toBe('UNRECOGNIZED_KEYS');
    expect(problem.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('speaks English when asked', async () => {
    const { app } = build();
    const res = await app.request('/conflict', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.status).toBe(400);
    expect((await jsonBody(res)).detail).toBe('The registration code you entered is not the code of 示例团委');
    const zh = await build().app.request('/conflict');
    expect((await jsonBody(zh)).detail).toBe('您所填写的管理员注册码不是示例团委的注册码');
  });

  it('hides unexpected errors behind a 500 INTERNAL and logs them', async () => {
    const { app, lines } = build();
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body).code).toBe('INTERNAL');
    expect(body).not.toContain('secret');
    expect(lines.some((l) => l.includes('unhandled error'))).toBe(true);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const { app } = build();
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect((await jsonBody(res)).code).toBe('NOT_FOUND');
  });

  it('is ready only when every dependency answers', async () => {
    const up = build([{ name: 'mongo', check: async () => 'ok' }]);
    expect((await up.app.request('/readyz')).status).toBe(200);
    const down = build([
      { name: 'mongo', check: async () => 'ok' },
      { name: 'nats', check: () => Promise.reject(new Error('connection closed')) },
    ]);
    const res = await down.app.request('/readyz');
    expect(res.status).toBe(503);
    const report = await jsonBody(res);
    expect(report.checks.mongo.ok).toBe(true);
    expect(report.checks.nats).toMatchObject({ ok: false, error: 'connection closed' });
  });

  it('exposes Prometheus metrics with request durations by route template', async () => {
    const { app } = build();
    await app.request('/members', json(JSON.stringify({ name: '张三', idNumber: '110101199003074477' })));
    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/members"[^}]*\} 1/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
