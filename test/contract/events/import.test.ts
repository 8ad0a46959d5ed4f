import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, runConsumer, subscribe, type ConsumerRunner } from '@zhtj/bus';
import {
  eventContracts,
  importCompletedV1,
  importJobQueuedV1,
  membersBatchCreateV1,
  newId,
  type CommandReply,
  type CommandRequest,
} from '@zhtj/contracts';
import { eventually } from '@zhtj/testkit';
import {
  buildWorkbook,
  type ImportHarness,
  memberRow,
  runImportJob,
  startImportHarness,
  type TestOrg,
} from '@zhtj/import/testing';
import { producedShape, readExample } from './examples.js';

/**
 * What import publishes and asks, pinned by recorded examples: `import_jobs.queued` (the API →
 * the workers), `import.completed` (→ anyone), and the batch-create request import sends to
 * membership. Producer side: the real upload and worker; consumer side: the recorded examples
 * parse with the contracts the consumers check, and membership answers the recorded request.
 */
let h: ImportHarness;
const branch: TestOrg = { id: newId(), name: '契约团支部', type: 'branch', ancestors: [] };
const completed: unknown[] = [];
let watcher: ConsumerRunner;

beforeAll(async () => {
  h = await startImportHarness();
  await h.publishOrgs([branch]);
  watcher = await runConsumer(h.bus, {
    stream: 'IMPORT',
    durable: 'contract-watch-import',
    subscriptions: [subscribe(importCompletedV1, async (data) => void completed.push(data))],
  });
}, 60_000);
afterAll(async () => {
  await watcher?.stop();
  await h?.stop();
});

/** membership's recorded reply to a batch, for these rows: the first created, the others failed. */
async function recordedReply(rows: number[]): Promise<CommandReply<typeof membersBatchCreateV1>> {
  const created = (await readExample(`${membersBatchCreateV1.subject}.reply.created`)) as { memberId: string };
  const failed = (await readExample(`${membersBatchCreateV1.subject}.reply.failed`)) as object;
  return {
    ok: true,
    results: rows.map((row, i) =>
      i === 0
        ? { ...created, row, status: 'created' as const, memberId: newId() }
        : { ...(failed as { code: string }), row, status: 'failed' as const },
    ),
  };
}

describe('import’s recorded examples', () => {
  it('parse with the contracts their consumers check', async () => {
    for (const contract of [importJobQueuedV1, importCompletedV1]) {
      expect(eventContracts).toContain(contract);
      const parsed = contract.schema.safeParse(await readExample(contract.subject));
      expect(parsed.success, `${contract.subject}: ${parsed.error?.message}`).toBe(true);
    }
    const command = membersBatchCreateV1.request.safeParse(await readExample(membersBatchCreateV1.subject));
    expect(command.success, command.error?.message).toBe(true);
    const reply = membersBatchCreateV1.reply.safeParse(await recordedReply([2, 3]));
    expect(reply.success, reply.error?.message).toBe(true);
  });

  it('of membership’s reply are what the worker records: a row created, a row failed with its reason', async () => {
    const res = await h.upload(branch.id, branch.id, await buildWorkbook({ rows: [memberRow(11), memberRow(12)] }));
    const { jobId } = (await res.json()) as { jobId: string };
    const result = await runImportJob(
      {
        ...h.stores,
        createMembers: async (payload) => recordedReply(payload.rows.map((r) => r.row)),
        settings: { maxRows: 100, batchSize: 1000, batchesInFlight: 1, heartbeatMs: 5000 },
        workerId: 'contract-consumer',
      },
      jobId,
    );
    expect(result).toBe('completed');
    const job = (await h.stored.jobs.findById(jobId).lean())!;
    expect(job).toMatchObject({ status: 'completed', total: 2, succeeded: 1, failed: 1 });
    const failed = (await readExample(`${membersBatchCreateV1.subject}.reply.failed`)) as { code: string };
    const failures = await h.stored.failures.find({ jobId }).lean();
    expect(failures.map((f) => f.code)).toEqual([failed.code]);
  });

  it('match what the upload and the worker produce, and membership answers the recorded request', async () => {
    // The upload writes the queued event in the job's outbox; read it before a relay would.
    const res = await h.upload(
      branch.id,
      branch.id,
      await buildWorkbook({ rows: [memberRow(1), memberRow(2, { ethnicity: '?' })] }),
    );
    const { jobId } = (await res.json()) as { jobId: string };
    const job = (await h.stored.jobs.findById(jobId).lean())!;
    const queued = job.outbox.find((e) => e.type === importJobQueuedV1.subject)?.data ?? { jobId };
    const queuedShapes = await producedShape(importJobQueuedV1.subject, queued);
    expect(queuedShapes.produced).toEqual(queuedShapes.example);

    // The worker, with the batch-create request it sends recorded on the way.
    const sent: Array<CommandRequest<typeof membersBatchCreateV1>> = [];
    await runImportJob(
      {
        ...h.stores,
        createMembers: (payload) => {
          sent.push(payload);
          return request(h.bus, membersBatchCreateV1, payload);
        },
        settings: { maxRows: 100, batchSize: 1000, batchesInFlight: 1, heartbeatMs: 5000 },
        workerId: 'contract',
      },
      jobId,
    );
    const commandShapes = await producedShape(membersBatchCreateV1.subject, sent[0]);
    expect(commandShapes.produced).toEqual(commandShapes.example);
    const rowShapes = await producedShape(`${membersBatchCreateV1.subject}.row`, sent[0]!.rows[0]);
    expect(rowShapes.produced).toEqual(rowShapes.example);

    await h.startWorker(); // its relay publishes import.completed
    await eventually(() => completed.length > 0, 'import.completed published');
    const completedShapes = await producedShape(importCompletedV1.subject, completed[0]);
    expect(completedShapes.produced).toEqual(completedShapes.example);

    // membership answers the recorded request (a fresh batch id and people, so it is new): a row
    // it creates and one it refuses, each answer pinned by its recorded example.
    const example = (await readExample(membersBatchCreateV1.subject)) as CommandRequest<typeof membersBatchCreateV1>;
    const reply = await request(h.bus, membersBatchCreateV1, {
      ...example,
      batchId: newId(),
      branchId: branch.id,
      rows: [
        { row: 2, member: memberRow(3) as never },
        { row: 3, member: memberRow(4, { ethnicity: '火星族' }) as never },
      ],
    });
    expect(reply).toMatchObject({
      ok: true,
      results: [
        { row: 2, status: 'created' },
        { row: 3, status: 'failed' },
      ],
    });
    if (!reply.ok) return;
    const replyShapes = await producedShape(`${membersBatchCreateV1.subject}.reply`, reply);
    expect(replyShapes.produced).toEqual(replyShapes.example);
    for (const [i, outcome] of [
      [0, 'created'],
      [1, 'failed'],
    ] as const) {
      const shapes = await producedShape(`${membersBatchCreateV1.subject}.reply.${outcome}`, reply.results[i]);
      expect(shapes.produced, outcome).toEqual(shapes.example);
    }
  }, 60_000);
});
