import type { Model } from 'mongoose';
import { createEvent, importJobQueuedV1, type EventEnvelope, type ManageScope, type ViewScope, AppError } from '@zhtj/contracts';
import { next, statusesAllowing, type ImportJobAction, type ImportStatus } from '../domain/job-lifecycle.js';
import type { ImportJobDocument } from './import-job.model.js';
import { outboxFields, pushEvents, keysetPage, type Page, type PageRequest } from '@zhtj/store';

/** A job as an upload queues it; status, attempt and counts are the repository's. */
export type NewImportJob = Pick<
  ImportJobDocument,
  '_id' | 'orgId' | 'branchId' | 'branchAncestors' | 'orgIds' | 'kind' | 'fileId' | 'fileName' | 'fileSize' | 'createdBy'
>;

/** A job this worker owns: its id and the attempt it claimed. */
export interface OwnedJob {
  _id: string;
  attempt: number;
}

/** The end of a job: completed with its failure workbook, or failed with the reason. */
export type JobOutcome =
  | { action: 'complete'; failuresFileId: string; event: EventEnvelope }
  | { action: 'fail'; error: { code: string; params: Record<string, string | number> } };

const WITHOUT_OUTBOX = '-outbox -outboxLock';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only code that queries import jobs. The API's side takes the scopes: a job is queued under
 * a ManageScope of its branch, listed under a ViewScope of an org. The worker's side acts on the
 * system's authority (the job's own, checked when it was queued) and moves a job only as the
 * lifecycle table (domain/job-lifecycle.ts) says.
 *
 * A conditional update can miss on FerretDB because another write to the document (the outbox
 * relay clearing an event) ran at the same moment: the owned writes tell such a miss from a real
 * take-over by reading the job again, and retry.
 */
export class ImportJobRepository {
  constructor(private readonly model: Model<ImportJobDocument>) {}

  // ---- the API ------------------------------------------------------------------------------

  /** Stores the job as queued with `import_jobs.queued` in its outbox: a stored job is always a queued one. */
  async queue(scope: ManageScope, job: NewImportJob, now: Date, initial: ImportStatus): Promise<ImportJobDocument> {
    if (scope.id !== job.branchId) throw new Error(`job ${job._id} for branch ${job.branchId} queued under ${scope.id}`);
    const event = createEvent(importJobQueuedV1, { jobId: job._id }, { source: 'import', occurredAt: now });
    return (await this.model.create({ ...job, status: initial, ...outboxFields([event]) })).toObject();
  }

  /** A job, handed out with what `authorize` proves over it (which throws the refusal when nothing). */
  async get<S>(id: string, authorize: (job: ImportJobDocument) => S): Promise<{ job: ImportJobDocument; scope: S }> {
    const job = await this.model.findById(id).select(WITHOUT_OUTBOX).lean<ImportJobDocument>();
    if (!job) throw new AppError('IMPORT_JOB_NOT_FOUND');
    return { job, scope: authorize(job) };
  }

  /** Jobs at the scope's org (started there or into one of its branches), newest first. */
  pageAt(scope: ViewScope, page: PageRequest): Promise<Page<ImportJobDocument>> {
    return keysetPage(this.model, { orgIds: scope.id }, page, { order: 'descending', select: WITHOUT_OUTBOX });
  }

  // ---- the workers --------------------------------------------------------------------------

  /** The job as stored, without its outbox. */
  read(id: string): Promise<ImportJobDocument | null> {
    return this.model.findById(id).select(WITHOUT_OUTBOX).lean<ImportJobDocument>();
  }

  /**
   * Takes the job as read for this worker: the next attempt. Only a job nobody else has claimed
   * since it was read is taken (null otherwise); a spurious miss is retried while the job is
   * still at the attempt it was read at.
   */
  async claim(found: ImportJobDocument, workerId: string): Promise<ImportJobDocument | null> {
    const status = this.nextStatus(found, 'claim');
    for (let tries = 0; tries < 5; tries += 1) {
      const now = new Date();
      const job = await this.model
        .findOneAndUpdate(
          { _id: found._id, attempt: found.attempt },
          { $set: { status, attempt: found.attempt + 1, workerId, heartbeatAt: now, startedAt: found.startedAt ?? now } },
          // No projection: FerretDB's findAndModify does not take one.
          { returnDocument: 'after' },
        )
        .lean<ImportJobDocument>();
      if (job) return job;
      const current = await this.model.findById(found._id).select('attempt').lean<ImportJobDocument>();
      if (current?.attempt !== found.attempt) return null;
      await pause(50 * (tries + 1));
    }
    return null;
  }

  /**
   * An update of a job this worker owns, under a further condition (a checkpoint). False when
   * the job really moved on (another attempt, another checkpoint): it has been taken over.
   */
  async updateOwned(
    owned: OwnedJob,
    condition: Partial<Pick<ImportJobDocument, 'batchesDone'>>,
    update: Record<string, unknown>,
  ): Promise<boolean> {
    for (let tries = 0; tries < 5; tries += 1) {
      const result = await this.model.updateOne({ ...owned, ...condition }, update);
      if (result.matchedCount > 0) return true;
      const current = await this.model.findById(owned._id).select('attempt batchesDone').lean<ImportJobDocument>();
      const unchanged =
        current?.attempt === owned.attempt &&
        (condition.batchesDone === undefined || current.batchesDone === condition.batchesDone);
      if (!unchanged) return false;
      await pause(50 * (tries + 1));
    }
    return false;
  }

  /** Ends an owned job as the lifecycle table says, a completed one with its event in the same write. */
  finish(owned: OwnedJob, job: ImportJobDocument, outcome: JobOutcome): Promise<boolean> {
    const now = new Date();
    const status = this.nextStatus(job, outcome.action);
    const set =
      outcome.action === 'complete'
        ? { status, failuresFileId: outcome.failuresFileId, finishedAt: now, heartbeatAt: now }
        : { status, error: outcome.error, finishedAt: now, heartbeatAt: now };
    return this.updateOwned(owned, {}, { $set: set, ...(outcome.action === 'complete' ? pushEvents(outcome.event) : {}) });
  }

  /** A job that ran out of deliveries ends failed (IMPORT_INTERRUPTED), unless it ended meanwhile. */
  async interrupt(id: string): Promise<void> {
    await this.model.updateOne(
      { _id: id, status: { $in: statusesAllowing('interrupt') } },
      {
        $set: {
          status: next('running', 'interrupt'),
          error: { code: 'IMPORT_INTERRUPTED', params: {} },
          finishedAt: new Date(),
        },
      },
    );
  }

  /** Jobs in a status whose queued event has been published, with what a re-queue decides by. */
  waiting(status: ImportStatus): Promise<Array<Pick<ImportJobDocument, '_id' | 'attempt' | 'heartbeatAt' | 'createdAt'>>> {
    return this.model
      .find({ status, outboxPending: false })
      .select('_id attempt heartbeatAt createdAt')
      .lean<Array<Pick<ImportJobDocument, '_id' | 'attempt' | 'heartbeatAt' | 'createdAt'>>>();
  }

  /**
   * Queues a job again (a new message), stamping heartbeatAt under the stamp it was read with, so
   * two sweepers re-queue it once. True when this call did.
   */
  async requeue(job: Pick<ImportJobDocument, '_id' | 'attempt' | 'heartbeatAt'>, now: Date): Promise<boolean> {
    const event = createEvent(importJobQueuedV1, { jobId: job._id }, { source: 'import' });
    const result = await this.model.updateOne(
      { _id: job._id, attempt: job.attempt, heartbeatAt: job.heartbeatAt },
      { $set: { heartbeatAt: now }, ...pushEvents(event) },
    );
    return result.modifiedCount === 1;
  }

  private nextStatus(job: ImportJobDocument, action: ImportJobAction): ImportStatus {
    const status = next(job.status, action);
    if (!status) throw new Error(`import job ${job._id}: ${action} is not allowed from ${job.status}`);
    return status;
  }
}
