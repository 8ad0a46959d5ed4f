import { newId, type ImportKind, AppError } from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import { inspectZip } from '../rows/zip-directory.js';
import { INITIAL_JOB_STATUS } from '../domain/job-lifecycle.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportJobDocument } from '../store/import-job.model.js';
import type { ImportJobRepository } from '../store/import-job.repository.js';
import { receiveUpload } from './receive-upload.js';
import type { OrgProjection, ProjectedOrg } from '@zhtj/store';

export interface StartImportDependencies {
  orgs: OrgProjection;
  jobs: ImportJobRepository;
  uploads: FileStore;
  limits: { maxFileBytes: number; maxExpandedBytes: number };
}

/**
 * The branch an upload at `org` goes to: the org itself when it is a branch, otherwise the
 * branch named by `branchId`, which must lie below it. Rows only ever land in a branch.
 */
export async function targetBranch(orgs: OrgProjection, org: ProjectedOrg, branchId: string | undefined): Promise<ProjectedOrg> {
  if (org.type === 'branch') {
    if (branchId && branchId !== org._id) throw new AppError('IMPORT_BRANCH_REQUIRED');
    return org;
  }
  if (!branchId) throw new AppError('IMPORT_BRANCH_REQUIRED');
  const branch = await orgs.get(branchId);
  if (!branch || branch.type !== 'branch' || !branch.ancestors.includes(org._id)) throw new AppError('IMPORT_BRANCH_REQUIRED');
  return branch;
}

/**
 * POST /orgs/:id/imports: checks who may import into the branch before reading a byte of the
 * body, streams the file into GridFS, refuses anything that is not a sound xlsx (removing what
 * was stored), and queues the job: the job document carries `import_jobs.queued` in its outbox,
 * so a stored job is always a queued one.
 */
export async function startImport(
  deps: StartImportDependencies,
  caller: Caller,
  input: { orgId: string; kind: ImportKind; branchId?: string | undefined; request: Request },
): Promise<ImportJobDocument> {
  const org = await deps.orgs.get(input.orgId);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  const branch = await targetBranch(deps.orgs, org, input.branchId);
  const scope = requireManage(caller.roles, { id: branch._id, ancestors: branch.ancestors });
  if (branch.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: branch.name } });

  const jobId = newId();
  const upload = await receiveUpload(input.request, deps.uploads, jobId, deps.limits.maxFileBytes);
  const verdict = await inspectZip(
    upload.size,
    (start, end) => readRange(deps.uploads, jobId, start, end),
    deps.limits.maxExpandedBytes,
  );
  if (!verdict.ok) {
    await deps.uploads.remove(jobId);
    if (verdict.code === 'IMPORT_FILE_SUSPICIOUS') {
      throw new AppError(verdict.code, { params: { size: formatSize(verdict.expandedBytes) } });
    }
    throw new AppError(verdict.code);
  }

  const now = new Date();
  const job = {
    _id: jobId,
    orgId: org._id,
    branchId: branch._id,
    branchAncestors: branch.ancestors,
    orgIds: [...new Set([org._id, branch._id])],
    kind: input.kind,
    fileId: jobId,
    fileName: upload.fileName,
    fileSize: upload.size,
    createdBy: { accountId: caller.accountId, ...(caller.name ? { name: caller.name } : {}) },
  };
  try {
    return await deps.jobs.queue(scope, job, now, INITIAL_JOB_STATUS);
  } catch (error) {
    await deps.uploads.remove(jobId);
    throw error;
  }
}

async function readRange(files: FileStore, id: string, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of files.read(id, { start, end })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const formatSize = (bytes: number) => (Number.isFinite(bytes) ? `${Math.round(bytes / 1024 / 1024)} MB` : '超过 4 GB');
