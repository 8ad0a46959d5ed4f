import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCreatedV1 } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { runConsumer, subscribe, type Bus } from '../src/index.js';
import { connectTestBus, eventually, orgCreated } from './helpers.js';

const infra = testInfra();
let bus: Bus;

beforeAll(async () => {
  bus = await connectTestBus(infra.natsUrl, infra.namespace);
});
afterAll(async () => {
  await bus.drain();
  await removeNamespace(infra, infra.namespace);
});

describe('a consumer killed mid-batch', () => {
  it('loses nothing: what it had not acked is redelivered to the next consumer', async () => {
    const outFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zhtj-kill-')), 'handled.txt');
    const events = Array.from({ length: 60 }, (_, i) => orgCreated(`org ${i}`));
    for (const event of events) await bus.publish(event);

    const child = spawn(
      process.execPath,
      [
        '--conditions=development',
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'fixtures', 'recording-consumer.ts'),
        infra.natsUrl,
        infra.namespace,
        outFile,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      createInterface({ input: child.stdout! }).on('line', (l) => l === 'consuming' && resolve()),
    );
    const handledBy = () => (existsSync(outFile) ? readFileSync(outFile, 'utf8').split('\n').filter(Boolean) : []);
    await eventually(() => handledBy().length >= 10, 'the first process handled some', 20_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const beforeKill = new Set(handledBy());
    expect(beforeKill.size).toBeLessThan(events.length);

    const afterKill = new Set<string>();
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'kill-test',
      concurrency: 4,
      ackWaitMs: 1500,
      subscriptions: [subscribe(orgCreatedV1, async (_data, event) => void afterKill.add(event.id))],
    });
    await eventually(
      () => events.every((e) => beforeKill.has(e.id) || afterKill.has(e.id)),
      'every event handled by someone',
      20_000,
    );
    await runner.stop();
    expect(events.filter((e) => !beforeKill.has(e.id) && !afterKill.has(e.id))).toEqual([]);
  });
});
