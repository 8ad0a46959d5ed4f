import { request, runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { importJobQueuedV1, membersBatchCreateV1, newId } from '@zhtj/contracts';
import { startPeriodic } from '@zhtj/service-kit';
import { INITIAL_JOB_STATUS, isFinished } from '../domain/job-lifecycle.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportFailureRepository } from '../store/import-failure.repository.js';
import type { ImportJobDocument } from '../store/import-job.model.js';
import type { ImportJobRepository } from '../store/import-job.repository.js';
import { JobTakenOverError, runImportJob, type WorkerDependencies } from './run-import-job.js';
import { startOutboxRelay, type OutboxModels } from '@zhtj/store';

export interface ImportWorkerOptions {
  jobs: ImportJobRepository;
  failures: ImportFailureRepository;
  /** The collections whose documents carry an outbox, for the worker's relay. */
  outboxes: OutboxModels;
  uploads: FileStore;
  reports: FileStore;
  maxRows: number;
  /** How far a workbook's parts may inflate while read (IMPORT_MAX_EXPANDED_BYTES). */
  maxExpandedBytes: number;
  batchSize: number;
  batchesInFlight: number;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Without an in-progress ack for this long, JetStream gives the job to another worker. */
  ackWaitMs: number;
  maxDeliver: number;
  onError?(error: unknown): void;
  onUnreadable?(jobId: string, error: unknown): void;
}

export interface ImportWorker {
  readonly workerId: string;
  stop(): Promise<void>;
}

/** The one consumer every worker shares; KEDA's ScaledObject (deploy/k8s) watches its pending count. */
export const IMPORT_WORKERS_DURABLE = 'import-workers';

/**
 * One import worker: takes jobs from the IMPORT_JOBS work queue (all workers share one durable
 * consumer, so each job goes to one of them), sends in-progress acks while a job runs, and
 * hands a job whose worker died to another after ackWait. Its relay publishes what its jobs
 * announce; a sweeper re-queues jobs whose worker stopped beating (a lost message).
 */
export async function startImportWorker(bus: Bus, options: ImportWorkerOptions): Promise<ImportWorker> {
  const workerId = newId();
  const deps: WorkerDependencies = {
    ...options,
    createMembers: (payload) => request(bus, membersBatchCreateV1, payload),
    settings: {
      maxRows: options.maxRows,
      maxExpandedBytes: options.maxExpandedBytes,
      batchSize: options.batchSize,
      batchesInFlight: options.batchesInFlight,
      heartbeatMs: Math.max(500, Math.floor(options.ackWaitMs / 4)),
    },
    workerId,
  };
  const consumer: ConsumerRunner = await runConsumer(bus, {
    stream: importJobQueuedV1.stream,
    durable: IMPORT_WORKERS_DURABLE,
    subscriptions: [
      subscribe(importJobQueuedV1, async ({ jobId }, _event, ctx) => {
        try {
          await runImportJob(deps, jobId);
        } catch (error) {
          // Taken over for real: another worker runs it now, or it is finished. Otherwise the
          // miss was spurious (a write that did not see the job as it was) and the job is still
          // this worker's: the delivery is retried, and the job resumes where it stopped.
          if (error instanceof JobTakenOverError && (await takenByOthers(options.jobs, jobId, workerId))) return;
          if (ctx.deliveryCount >= options.maxDeliver) await options.jobs.interrupt(jobId);
          throw error;
        }
      }),
    ],
    concurrency: options.concurrency,
    ackWaitMs: options.ackWaitMs,
    maxDeliver: options.maxDeliver,
    backoffMs: [2000, 10_000, 60_000],
    heartbeat: true,
  });
  const relay = startOutboxRelay({ bus, models: options.outboxes });
  const sweeper = startPeriodic(
    () => requeueStalledJobs(options.jobs, options.ackWaitMs * 3),
    options.ackWaitMs,
    options.onError,
  );
  return {
    workerId,
    async stop() {
      await consumer.stop();
      await sweeper.stop();
      await relay.stop();
    },
  };
}

/**
 * Whether the job really is another worker's now, or done. A job still `queued` is nobody's: a
 * write elsewhere (the API's outbox relay on the same document) undid our claim — FerretDB
 * applies a conditional update as read-then-write — and the delivery must be retried, not
 * acked, or the job would wait for the sweeper.
 */
async function takenByOthers(jobs: ImportJobRepository, jobId: string, workerId: string): Promise<boolean> {
  const job = await jobs.read(jobId);
  if (!job) return true;
  if (isFinished(job.status)) return true;
  // Not queued any more: claimed, and not by us.
  return job.status !== INITIAL_JOB_STATUS && job.workerId !== workerId;
}

/**
 * Jobs whose message was lost are queued again (a new message; the job resumes from its
 * checkpoint): running ones whose worker has not beaten for `staleAfterMs`, and queued ones no
 * worker has touched for ten times that (a queue that is merely long is left alone that long).
 * Each re-queue stamps heartbeatAt, and the stamp guards the update, so two sweepers re-queue
 * a job once.
 */
export async function requeueStalledJobs(jobs: ImportJobRepository, staleAfterMs: number, now = new Date()): Promise<number> {
  const age = (j: Pick<ImportJobDocument, 'heartbeatAt' | 'createdAt'>) =>
    now.getTime() - (j.heartbeatAt ?? j.createdAt).getTime();
  const [running, queued] = await Promise.all((['running', 'queued'] as const).map((status) => jobs.waiting(status)));
  const stalled = [...running!.filter((j) => age(j) > staleAfterMs), ...queued!.filter((j) => age(j) > staleAfterMs * 10)];
  let requeued = 0;
  for (const job of stalled) if (await jobs.requeue(job, now)) requeued += 1;
  return requeued;
}
