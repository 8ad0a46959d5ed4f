// Notification benchmark: transfer.requested events published at a steady 200 a second for 20 s
// (4,000 events, each to its own org); for each, the time from the event (its occurredAt) to its
// in-site message being written (the message's createdAt), and how many messages the consumer
// wrote. notification runs in this process on the real servers (its consumer, store, Redis).
//
//   npm run bench:notification -w @zhtj/bench      (results: bench/results/notification.md)
import os from 'node:os';
import path from 'node:path';
import { createEvent, newId, transferRequestedV1 } from '@zhtj/contracts';
import { eventually, isolate, provisionInfrastructure, uniqueNamespace } from '@zhtj/testkit';
import { startNotification } from '@zhtj/notification/testing';
import { median, percentile } from './stats.js';

const RATE = Number(process.env.NOTIFICATION_BENCH_RATE ?? 200);
const SECONDS = Number(process.env.NOTIFICATION_BENCH_SECONDS ?? 20);

const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);
const h = await startNotification(env);
try {
  const events = Array.from({ length: RATE * SECONDS }, () =>
    createEvent(
      transferRequestedV1,
      {
        id: newId(),
        direction: 'out' as const,
        memberId: newId(),
        fromBranchId: newId(),
        toOrgId: newId(),
        targetBranchId: null,
        reasonCode: 'study',
        status: 'pending' as const,
        version: 1,
      },
      { source: 'bench' },
    ),
  );
  // Published on a schedule: event i at i / RATE seconds, its occurredAt the moment it is sent.
  const started = Date.now();
  for (let i = 0; i < events.length; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const event = { ...events[i]!, occurredAt: new Date().toISOString() };
    events[i] = event;
    void h.bus.publish(event);
  }
  const publishedIn = (Date.now() - started) / 1000;
  const model = h.stored.messages;
  await eventually(async () => (await model.countDocuments()) >= events.length, 'every message written', 120_000, 250);
  const written = await model.find({}, { eventId: 1, createdAt: 1 }).lean();
  const sentAt = new Map(events.map((e) => [e.id, Date.parse(e.occurredAt)]));
  const delays = written.map((m) => new Date(m.createdAt).getTime() - sentAt.get(m.eventId)!).sort((a, b) => a - b);
  const duplicates = written.length - new Set(written.map((m) => m.eventId)).size;
  const lines = [
    `events: ${events.length} at ${RATE}/s (published in ${publishedIn.toFixed(1)} s); messages written: ${written.length}, duplicates: ${duplicates}`,
    `event → message written: p50 ${median(delays).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${delays.at(-1)} ms`,
  ];
  for (const line of lines) console.log(line);
} finally {
  await h.stop();
  await infra.stop();
}
