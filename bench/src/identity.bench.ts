// Identity benchmark: logins per second at 8 concurrent clients over real HTTP, next to the bare
// cost of one argon2id verify measured in the same run; and accounts created per second from
// member.created events by the batch consumer.
//
//   npm run bench:identity -w @zhtj/bench      (results: bench/results/identity.md)
import { serve } from '@hono/node-server';
import { verify } from '@node-rs/argon2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Bus } from '@zhtj/bus';
import { createEvent, memberCreatedV1, newId } from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics } from '@zhtj/service-kit';
import { isolate, nthIdNumber, provisionInfrastructure, removeNamespace, uniqueNamespace } from '@zhtj/testkit';
import { composeIdentity, createApp, hashPassword, startSubscriptions, identityCollections } from '@zhtj/identity/testing';
import { median, percentile } from './stats.js';
import { connectMongo } from '@zhtj/store';

const CLIENTS = 8;
const DURATION_MS = 15_000;
const ACCOUNTS = 400;
const EVENTS = 20_000;

const idNumber = (n: number) => nthIdNumber(n, { firstBirthday: '1990-01-01', region: '320102' });

const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);
const mongo = await connectMongo({ url: env.mongoUrl, database: env.dbName('identity') });
const redis = await connectRedis({ url: env.redisUrl, keyPrefix: env.redisKeyPrefix });
try {
  // --- logins ---------------------------------------------------------------------------------
  const Account = identityCollections(mongo).accounts;
  await Account.init();
  const password = 'Bench2026pass';
  const passwordHash = await hashPassword(password);
  await Account.insertMany(
    Array.from({ length: ACCOUNTS }, (_, n) => ({
      _id: newId(),
      idNumber: idNumber(n),
      name: `用户${n}`,
      passwordHash,
      mustChangePassword: false,
      roles: [],
    })),
  );

  const verifyMs: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await verify(passwordHash, password);
    verifyMs.push(performance.now() - t);
  }
  const parallelStart = performance.now();
  await Promise.all(Array.from({ length: 64 }, () => verify(passwordHash, password)));
  const parallelVerifiesPerSec = 64 / ((performance.now() - parallelStart) / 1000);

  const deps = composeIdentity(
    mongo,
    redis,
    {
      JWT_KEYS_SECRET: 'bench-secret-0123456789abcdefghijklmnopq',
      ACCESS_TOKEN_TTL_SEC: 900,
      REFRESH_TOKEN_TTL_SEC: 3600,
      KEY_ROTATION_DAYS: 30,
      CAPTCHA_ECHO: true,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCK_SEC: 900,
      LOGIN_MAX_LOCK_SEC: 3600,
      LOGIN_MAX_FAILURES_PER_IP: 1_000_000,
      LOGIN_FAILURES_PER_IP_PER_HOUR: 1_000_000,
    },
    {
      checkCode: () => Promise.reject(new Error('not benchmarked')),
      redeemCode: () => Promise.reject(new Error('not benchmarked')),
      locateMember: () => Promise.reject(new Error('not benchmarked')),
    },
  );
  const logger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const app = createHttpApp({ logger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(deps));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const n = next++ % ACCOUNTS;
        const t = performance.now();
        const captcha = (await (await fetch(`${base}/auth/captcha`)).json()) as { captchaId: string; code: string };
        const res = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ idNumber: idNumber(n), password, captchaId: captcha.captchaId, captchaCode: captcha.code }),
        });
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - t);
        else failures += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  server.close();
  console.log(
    `argon2id verify (19 MiB, t=2, p=1), sequential: median ${median(verifyMs).toFixed(1)} ms → ${(1000 / median(verifyMs)).toFixed(0)}/s on one core`,
  );
  console.log(`argon2id verify, 64 in parallel (libuv pool): ${parallelVerifiesPerSec.toFixed(0)}/s`);
  console.log(
    `logins (captcha + login, ${CLIENTS} clients, ${DURATION_MS / 1000} s): ${(latencies.length / elapsed).toFixed(0)}/s; ` +
      `p50 ${median(latencies).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; failures ${failures}`,
  );
  console.log(`logins/s ÷ parallel verifies/s = ${(latencies.length / elapsed / parallelVerifiesPerSec).toFixed(2)}`);

  // --- accounts from member.created -----------------------------------------------------------
  const bus = await Bus.connect({ url: env.natsUrl, name: 'bench', namespace: env.namespace });
  await bus.ensureStreams();
  const branch = newId();
  for (let i = 0; i < EVENTS; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, EVENTS - i) }, (_, k) =>
        bus.publish(
          createEvent(
            memberCreatedV1,
            {
              id: newId(),
              name: `团员${i + k}`,
              idNumber: idNumber(ACCOUNTS + i + k),
              kind: 'member',
              branchId: branch,
              branchAncestors: [newId()],
              version: 1,
            },
            { source: 'bench' },
          ),
        ),
      ),
    );
  }
  const t0 = performance.now();
  const consumers = await startSubscriptions(bus, { ...deps.memberAccounts, bus });
  while ((await Account.estimatedDocumentCount()) < ACCOUNTS + EVENTS) await new Promise((r) => setTimeout(r, 200));
  const accountSeconds = (performance.now() - t0) / 1000;
  await Promise.all(consumers.map((c) => c.stop()));
  console.log(
    `accounts from ${EVENTS} queued member.created events: ${accountSeconds.toFixed(1)} s → ${(EVENTS / accountSeconds).toFixed(0)}/s`,
  );
  await bus.drain();
} finally {
  await mongo.close();
  redis.disconnect();
  await removeNamespace(env, env.namespace);
  await infra.stop();
}
