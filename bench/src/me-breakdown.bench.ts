// Where GET /me's time goes: the whole system as test/e2e's stack starts it, the demo admin, and
// GET /me through the gateway one at a time, then each call the gateway's composed views make
// (services/gateway/src/compose/upstream-calls.ts) straight at its service, one at a time —
// the median of 40 each. No load: it shows what one /me costs, not how many fit in a second.
//
//   npm run bench:me -w @zhtj/bench      (results: bench/results/gateway.md)
import path from 'node:path';
import { isolate, provisionInfrastructure, uniqueNamespace } from '@zhtj/testkit';
import { upstreamCalls } from '@zhtj/gateway/testing';
import { Client } from '../../test/e2e/client.js';
import { startStack } from '../../test/e2e/stack.js';
import { median } from './stats.js';

const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('me'));
const stack = await startStack(env as never);
try {
  const admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  const time = async (label: string, url: string) => {
    const t: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${admin.token}` } });
      await res.arrayBuffer();
      t.push(performance.now() - s);
    }
    console.log(`${label}: median ${median(t).toFixed(1)} ms`);
  };
  await time('GET /me via gateway', `${stack.api}/me`);
  const root = stack.demo.rootOrgId;
  for (const [name, call] of Object.entries(upstreamCalls)) {
    const c = call as { service: string; path: (...a: string[]) => string };
    await time(`${name} (${c.service})`, `http://127.0.0.1:${stack.ports.get(c.service)}${c.path(root)}`);
  }
} finally {
  await stack.stop();
}
