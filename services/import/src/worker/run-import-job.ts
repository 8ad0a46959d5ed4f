import mongoose from 'mongoose';
import {
  createEvent,
  derivedId,
  importCompletedV1,
  renderErrorMessage,
  type CommandReply,
  type CommandRequest,
  type ErrorCode,
  type membersBatchCreateV1,
} from '@zhtj/contracts';
import { checkHeader, checkVersionMarker, type FileProblem } from '../domain/header-check.js';
import { allows } from '../domain/job-lifecycle.js';
import { assembleRow, type RowInput } from '../domain/row-assembly.js';
import { uploadedCells, type UploadedCell } from '../domain/uploaded-cells.js';
import { cellText } from '../rows/cell-values.js';
import { visitWorkbook, WorkbookExpandsTooMuchError, type SheetRow } from '../rows/sheet-reader.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportFailureRepository } from '../store/import-failure.repository.js';
import type { ImportJobDocument } from '../store/import-job.model.js';
import type { ImportJobRepository, OwnedJob } from '../store/import-job.repository.js';
import { templateColumns, type TemplateColumn } from '../template/template-columns.js';
import { writeFailureWorkbook } from './failure-workbook.js';

type BatchCreate = typeof membersBatchCreateV1;

export interface WorkerDependencies {
  jobs: ImportJobRepository;
  failures: ImportFailureRepository;
  uploads: FileStore;
  reports: FileStore;
  /** membership's batch-create command. */
  createMembers(request: CommandRequest<BatchCreate>): Promise<CommandReply<BatchCreate>>;
  settings: {
    maxRows: number;
    batchSize: number;
    batchesInFlight: number;
    heartbeatMs: number;
    /** The most a workbook's parts may inflate to while being read (IMPORT_MAX_EXPANDED_BYTES). */
    maxExpandedBytes?: number;
  };
  workerId: string;
  /** Told when reading a file failed (with why), for the log. */
  onUnreadable?(jobId: string, error: unknown): void;
}

/** Another worker took the job over (this one was presumed dead): stop without writing. */
export class JobTakenOverError extends Error {
  constructor(jobId: string) {
    super(`import job ${jobId} was taken over by another worker`);
  }
}

interface RowFailure {
  row: number;
  cells: UploadedCell[];
  code: ErrorCode;
  errors?: ReadonlyArray<{ path: string; code: string }> | undefined;
  detail?: string;
}

interface Batch {
  index: number;
  rows: Array<RowInput & { row: number; cells: UploadedCell[] }>;
  failures: RowFailure[];
  count: number;
}

/**
 * Runs one import job to its end, or resumes it: a first pass over the file checks it as a
 * whole (header, template kind and version, merged cells, row count) before anyone is created;
 * the second sends the rows to membership in batches whose ids follow from the job and their
 * place in the file, and records each batch's results with a checkpoint. A worker that takes
 * over a job skips the batches already recorded and re-sends the one in progress, which
 * membership answers again without creating anyone twice.
 */
export async function runImportJob(deps: WorkerDependencies, jobId: string): Promise<'completed' | 'failed' | 'skipped'> {
  const job = await claim(deps, jobId);
  if (!job) return 'skipped';
  const owned = { _id: jobId, attempt: job.attempt };

  let lost = false;
  const heartbeat = setInterval(() => {
    updateOwned(deps, owned, {}, { $set: { heartbeatAt: new Date() } }).catch((error: unknown) => {
      if (error instanceof JobTakenOverError) lost = true;
    });
  }, deps.settings.heartbeatMs);
  const stillMine = () => {
    if (lost) throw new JobTakenOverError(jobId);
  };
  try {
    const surveyed = await survey(deps, job, stillMine);
    if (surveyed.problem) {
      await finish(deps, owned, {
        action: 'fail',
        error: { code: surveyed.problem.code, params: surveyed.problem.params ?? {} },
      });
      return 'failed';
    }
    if (job.total !== surveyed.total) await updateOwned(deps, owned, {}, { $set: { total: surveyed.total } });
    const refused = await importRows(deps, job, owned, stillMine);
    if (refused) {
      await finish(deps, owned, { action: 'fail', error: { code: refused, params: {} } });
      return 'failed';
    }
    const reportId = derivedId(jobId, 'failures');
    await deps.reports.remove(reportId);
    await writeFailureWorkbook(deps, job, reportId);
    await finish(deps, owned, { action: 'complete', failuresFileId: reportId });
    return 'completed';
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Takes the job: the next attempt, this worker (ImportJobRepository.claim). A second message for
 * a job another worker is running (a re-queue that crossed a slow heartbeat) is passed over; a job
 * whose worker stopped beating is taken.
 */
async function claim(deps: WorkerDependencies, jobId: string): Promise<ImportJobDocument | null> {
  let found = await deps.jobs.read(jobId);
  // The message can arrive before the relay has finished clearing it from the document: let
  // the relay's writes land first rather than race them.
  for (let waits = 0; found?.outboxPending && waits < 50; waits += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await deps.jobs.read(jobId);
  }
  if (!found || !allows(found.status, 'claim')) return null;
  const beat = found.heartbeatAt?.getTime() ?? 0;
  const elsewhere = found.workerId !== deps.workerId;
  if (found.status === 'running' && elsewhere && Date.now() - beat < deps.settings.heartbeatMs * 2) return null;
  return deps.jobs.claim(found, deps.workerId);
}

/** The end of a job; a completed one announces itself with `import.completed`, in the same update. */
async function finish(
  deps: WorkerDependencies,
  owned: OwnedJob,
  outcome:
    | { action: 'complete'; failuresFileId: string }
    | { action: 'fail'; error: { code: string; params: Record<string, string | number> } },
): Promise<void> {
  // Read for the counts import.completed carries; the update checks ownership.
  const job = await deps.jobs.read(owned._id);
  if (!job || job.attempt !== owned.attempt) throw new JobTakenOverError(owned._id);
  const ended = await deps.jobs.finish(
    owned,
    job,
    outcome.action === 'fail'
      ? outcome
      : {
          ...outcome,
          event: createEvent(
            importCompletedV1,
            {
              jobId: job._id,
              orgId: job.branchId,
              kind: job.kind,
              total: job.total ?? job.processed,
              succeeded: job.succeeded,
              failed: job.failed,
            },
            { source: 'import' },
          ),
        },
  );
  if (!ended) throw new JobTakenOverError(owned._id);
}

/** An update of a job this worker owns; a job that moved on was taken over (JobTakenOverError). */
async function updateOwned(
  deps: WorkerDependencies,
  owned: OwnedJob,
  condition: Partial<Pick<ImportJobDocument, 'batchesDone'>>,
  update: Record<string, unknown>,
): Promise<void> {
  if (!(await deps.jobs.updateOwned(owned, condition, update))) throw new JobTakenOverError(owned._id);
}

/** The whole-file checks, before any row is imported. */
async function survey(
  deps: WorkerDependencies,
  job: ImportJobDocument,
  stillMine: () => void,
  tries = 2,
): Promise<{ problem: FileProblem | null; total: number }> {
  const seen = {
    header: null as SheetRow | null,
    problem: null as FileProblem | null,
    marker: null as string | null,
    total: 0,
    merges: new Set<string>(),
  };
  try {
    await visitWorkbook(
      deps.uploads.read(job.fileId),
      {
        onRow(row) {
          if (!seen.header) {
            seen.header = row;
            seen.problem = checkHeader(
              job.kind,
              row.cells.map((c) => cellText(c)),
            );
            return seen.problem ? 'stop' : undefined;
          }
          seen.total += 1;
          if (seen.total % 10_000 === 0) stillMine();
          if (seen.total > deps.settings.maxRows) {
            seen.problem = { code: 'IMPORT_TOO_MANY_ROWS', params: { limit: deps.settings.maxRows } };
            return 'stop';
          }
          return undefined;
        },
        onVersionMarker: (m) => (seen.marker = m),
        onMergedRange: (range) => seen.merges.add(range),
      },
      { maxExpandedBytes: deps.settings.maxExpandedBytes },
    );
  } catch (error) {
    if (error instanceof JobTakenOverError || error instanceof mongoose.mongo.MongoError) throw error;
    if (error instanceof WorkbookExpandsTooMuchError) {
      const megabytes = Math.max(1, Math.round(error.limitBytes / 1024 / 1024));
      return { problem: { code: 'IMPORT_FILE_SUSPICIOUS', params: { size: `> ${megabytes} MB` } }, total: 0 };
    }
    // A file is called unreadable only when a second reading fails too: once, under heavy load,
    // a sound workbook failed to read (the cause is not known yet; see the worker's log).
    deps.onUnreadable?.(job._id, error);
    if (tries > 1) return survey(deps, job, stillMine, tries - 1);
    return { problem: { code: 'IMPORT_NOT_XLSX' }, total: 0 };
  }
  const { total, merges } = seen;
  if (seen.problem) return { problem: seen.problem, total };
  if (!seen.header) return { problem: { code: 'IMPORT_EMPTY' }, total: 0 };
  const outdated = checkVersionMarker(job.kind, seen.marker);
  if (outdated) return { problem: outdated, total };
  if (merges.size > 0) {
    const ranges = [...merges].slice(0, 5).join('、') + (merges.size > 5 ? ' 等' : '');
    return { problem: { code: 'IMPORT_MERGED_CELLS', params: { ranges } }, total };
  }
  if (total === 0) return { problem: { code: 'IMPORT_EMPTY' }, total };
  return { problem: null, total };
}

/**
 * The rows, batch by batch. Up to `batchesInFlight` batches await membership while parsing goes
 * on; results are recorded strictly in file order, each batch with its checkpoint. Returns the
 * code that stopped the job when membership refuses the branch itself.
 */
async function importRows(
  deps: WorkerDependencies,
  job: ImportJobDocument,
  owned: { _id: string; attempt: number },
  stillMine: () => void,
): Promise<ErrorCode | null> {
  const columns = templateColumns(job.kind);
  const { batchSize, batchesInFlight } = deps.settings;
  const firstRowOf = new Map<string, number>();
  const inFlight: Array<{ batch: Batch; reply: Promise<CommandReply<BatchCreate> | null> }> = [];
  const stop = { refused: null as ErrorCode | null };
  let headerSeen = false;
  let index = 0;
  let current: Batch = { index: 0, rows: [], failures: [], count: 0 };

  const record = async ({ batch, reply }: (typeof inFlight)[number]) => {
    const answer = await reply;
    if (answer && !answer.ok) {
      stop.refused = answer.code;
      return;
    }
    stillMine();
    const failures: RowFailure[] = [...batch.failures];
    let succeeded = 0;
    const byRow = new Map(batch.rows.map((r) => [r.row, r]));
    for (const result of answer?.results ?? []) {
      if (result.status === 'created') succeeded += 1;
      else
        failures.push({
          row: result.row,
          cells: byRow.get(result.row)!.cells,
          code: result.code as ErrorCode,
          errors: result.errors,
        });
    }
    await deps.failures.save(
      job._id,
      failures.map((f) => ({ row: f.row, cells: f.cells, code: f.code, reason: reasonOf(columns, f) })),
    );
    await updateOwned(
      deps,
      owned,
      { batchesDone: batch.index },
      {
        $set: { batchesDone: batch.index + 1, heartbeatAt: new Date() },
        $inc: { processed: batch.count, succeeded, failed: failures.length },
      },
    );
  };

  const seal = async (batch: Batch) => {
    if (batch.index < job.batchesDone || batch.count === 0) return; // recorded by an earlier attempt
    const reply =
      batch.rows.length === 0
        ? Promise.resolve(null)
        : deps.createMembers({
            batchId: derivedId(job._id, 'batch', String(batch.index)),
            branchId: job.branchId,
            kind: job.kind === 'cadres' ? 'cadre' : 'member',
            importJobId: job._id,
            actor: { accountId: job.createdBy.accountId },
            rows: batch.rows.map(({ row, member, cadre }) => ({ row, member, ...(cadre ? { cadre } : {}) })),
          });
    reply.catch(() => undefined); // awaited in order by record()
    inFlight.push({ batch, reply });
    while (inFlight.length >= batchesInFlight && !stop.refused) await record(inFlight.shift()!);
  };

  await visitWorkbook(
    deps.uploads.read(job.fileId),
    {
      async onRow(row) {
        if (!headerSeen) {
          headerSeen = true;
          return undefined;
        }
        const batchIndex = Math.floor(index / batchSize);
        index += 1;
        if (batchIndex !== current.index) {
          await seal(current);
          if (stop.refused) return 'stop';
          current = { index: batchIndex, rows: [], failures: [], count: 0 };
        }
        current.count += 1;
        const resumed = batchIndex < job.batchesDone;
        const assembled = assembleRow(columns, row.cells);
        // Kept only for rows whose batch is sent now: a failure needs the row as uploaded.
        const cells = resumed ? [] : uploadedCells(row.cells, columns.length);
        if (!assembled.ok) {
          current.failures.push({ row: row.number, cells, code: assembled.code, errors: assembled.errors });
          return undefined;
        }
        const idNumber = assembled.member.idNumber;
        const first = idNumber ? firstRowOf.get(idNumber) : undefined;
        if (first !== undefined) {
          current.failures.push({ row: row.number, cells, code: 'DUPLICATE_IN_FILE', detail: `与第 ${first} 行重复` });
          return undefined;
        }
        if (idNumber) firstRowOf.set(idNumber, row.number);
        if (!resumed) current.rows.push({ row: row.number, cells, member: assembled.member, cadre: assembled.cadre });
        return undefined;
      },
    },
    // The same bytes the survey read within the budget; kept here too, should the file change.
    { maxExpandedBytes: deps.settings.maxExpandedBytes },
  );
  if (!stop.refused) await seal(current);
  while (inFlight.length > 0 && !stop.refused) await record(inFlight.shift()!);
  return stop.refused;
}

/** "入团年月：入团年月格式应为…；手机号码：…" — each field named by its column. */
export function reasonOf(columns: readonly TemplateColumn[], failure: Pick<RowFailure, 'code' | 'errors' | 'detail'>): string {
  const headerOf = (path: string) => columns.find((c) => c.field === path)?.header ?? path;
  const message = (code: string) => renderErrorMessage(code as ErrorCode, 'zh');
  if (failure.errors && failure.errors.length > 0) {
    return failure.errors.map((e) => `${headerOf(e.path)}：${message(e.code)}`).join('；');
  }
  return message(failure.code) + (failure.detail ? `（${failure.detail}）` : '');
}
