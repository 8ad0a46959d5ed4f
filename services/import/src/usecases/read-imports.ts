import { PassThrough, type Readable } from 'node:stream';
import {
  canManageOrg,
  viewScope,
  type ErrorCode,
  type ImportJobView,
  type Locale,
  renderErrorMessage,
  AppError,
} from '@zhtj/contracts';
import { requireView, type Caller } from '@zhtj/service-kit';
import { hasResult } from '../domain/job-lifecycle.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportFailureRepository } from '../store/import-failure.repository.js';
import type { ImportJobDocument } from '../store/import-job.model.js';
import type { ImportJobRepository } from '../store/import-job.repository.js';
import { writeFailureRows } from '../worker/failure-workbook.js';
import type { OrgProjection } from '@zhtj/store';

export interface ReadImportsDependencies {
  orgs: OrgProjection;
  jobs: ImportJobRepository;
  reports: FileStore;
  failures: ImportFailureRepository;
}

const PEOPLE = { members: { zh: '团员', en: 'members' }, cadres: { zh: '团干部', en: 'cadres' } } as const;

/** The FAQ's sentence: "成功导入 98 位团员，2 位团员导入失败". */
export function summaryOf(job: Pick<ImportJobDocument, 'kind' | 'succeeded' | 'failed'>, locale: Locale): string {
  const who = PEOPLE[job.kind][locale];
  return locale === 'zh'
    ? `成功导入 ${job.succeeded} 位${who}，${job.failed} 位${who}导入失败`
    : `Imported ${job.succeeded} ${who}; ${job.failed} ${who} failed`;
}

export function toImportJobView(job: ImportJobDocument, locale: Locale): ImportJobView {
  return {
    id: job._id,
    orgId: job.orgId,
    branchId: job.branchId,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    failed: job.failed,
    summary: hasResult(job.status) ? summaryOf(job, locale) : null,
    error: job.error
      ? { code: job.error.code, message: renderErrorMessage(job.error.code as ErrorCode, locale, job.error.params) }
      : null,
    failuresUrl: hasResult(job.status) ? `/imports/${job._id}/failures.xlsx` : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** A job for whoever started it and the admins who see its branch; anyone else: not found. */
export async function readImportJob(deps: ReadImportsDependencies, caller: Caller, jobId: string): Promise<ImportJobDocument> {
  const { job } = await deps.jobs.get(jobId, (j) => {
    const starter = j.createdBy.accountId === caller.accountId;
    const scope = viewScope(caller.roles, { id: j.branchId, ancestors: j.branchAncestors });
    if (!starter && !scope) throw new AppError('IMPORT_JOB_NOT_FOUND');
    return scope;
  });
  return job;
}

/**
 * The failure workbook, under the same authority as a member's detail view: as uploaded (full ID
 * numbers and phones, ready to fix and upload again) for whoever started the job and the admins
 * who manage its branch; masked for admins above them who may only see the branch.
 */
export async function openFailureReport(
  deps: ReadImportsDependencies,
  caller: Caller,
  jobId: string,
): Promise<{ job: ImportJobDocument; file: Readable; masked: boolean }> {
  const job = await readImportJob(deps, caller, jobId);
  if (!hasResult(job.status) || !job.failuresFileId) throw new AppError('IMPORT_NOT_FINISHED');
  const managesBranch =
    job.createdBy.accountId === caller.accountId ||
    canManageOrg(caller.roles, { id: job.branchId, ancestors: job.branchAncestors });
  if (managesBranch) return { job, file: deps.reports.read(job.failuresFileId), masked: false };
  const file = new PassThrough();
  writeFailureRows(deps, job, file, { masked: true }).catch((error: unknown) => file.destroy(error as Error));
  return { job, file, masked: true };
}

/** GET /orgs/:id/imports: newest first, for admins who see the org. */
export async function listImportJobs(
  deps: ReadImportsDependencies,
  caller: Caller,
  orgId: string,
  query: { cursor?: string | undefined; limit: number },
): Promise<{ items: ImportJobDocument[]; nextCursor: string | null }> {
  const org = await deps.orgs.get(orgId);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return deps.jobs.pageAt(requireView(caller.roles, { id: org._id, ancestors: org.ancestors }), query);
}
