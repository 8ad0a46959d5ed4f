// Notification benchmark: transfer.requested events published at a steady 200 a second for 20 s
// (4,000 events, each to its own org); for each, the time from the event (its occurredAt) to its
// in-site message being written (the message's createdAt), and how many messages the consumer
// wrote; and for one event in 50, the time until its message reached the admin's open stream
// (GET /messages/stream, server-sent events). notification runs in this process on the real
// servers (its consumer, store, Redis).
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
  // One event in 50 goes to an org whose admin has the message stream open: when is it pushed?
  const streamed = events.filter((_, i) => i % 50 === 0);
  const pushedAt = new Map<string, number>();
  const streams = await Promise.all(
    streamed.map(async (event) => {
      const orgId = (event.data as { toOrgId: string }).toOrgId;
      const token = await h.tokenFor([{ role: 'org_admin', orgId }]);
      const res = await h.app.request('/messages/stream', { headers: { authorization: `Bearer ${token}` } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffered += decoder.decode(value, { stream: true });
          if (buffered.includes('event: message')) {
            pushedAt.set(orgId, Date.now());
            await reader.cancel();
            return;
          }
        }
      })();
      return { reader, reading };
    }),
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
  await eventually(() => pushedAt.size >= streamed.length, 'every streamed message pushed', 60_000, 100);
  await Promise.all(streams.map((s) => s.reading));
  const pushDelays = streamed
    .map((e) => pushedAt.get((e.data as { toOrgId: string }).toOrgId)! - sentAt.get(e.id)!)
    .sort((a, b) => a - b);
  const lines = [
    `events: ${events.length} at ${RATE}/s (published in ${publishedIn.toFixed(1)} s); messages written: ${written.length}, duplicates: ${duplicates}`,
    `event → message written: p50 ${median(delays).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${delays.at(-1)} ms`,
    `event → pushed on an open stream (${pushDelays.length} streams): p50 ${median(pushDelays).toFixed(0)} ms, p99 ${percentile(pushDelays, 99).toFixed(0)} ms, max ${pushDelays.at(-1)} ms`,
  ];
  for (const line of lines) console.log(line);
} finally {
  await h.stop();
  await infra.stop();
}
