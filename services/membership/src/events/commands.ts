import type { Model } from 'mongoose';
import { serve, type Bus, type CommandServer, type OrgProjection } from '@zhtj/bus';
import { membersBatchCreateV1, type CommandReply, type CommandRequest } from '@zhtj/contracts';
import { AppError, isDuplicateKeyError } from '@zhtj/service-kit';
import type { MemberBatchDocument } from '../store/member-batch.model.js';
import { activeBranch } from '../usecases/branches.js';
import { createMembers, type CreateMembersDependencies } from '../usecases/create-members.js';

type BatchCreate = typeof membersBatchCreateV1;

/**
 * The batch-create command (import → membership). The answer is kept under the batch id: a
 * repeated request (a retry after a timeout, a restarted import worker) gets it again.
 */
export async function batchCreate(
  deps: CreateMembersDependencies & { orgs: OrgProjection; batches: Model<MemberBatchDocument> },
  request: CommandRequest<BatchCreate>,
): Promise<CommandReply<BatchCreate>> {
  const done = await deps.batches.findById(request.batchId).lean();
  if (done) return { ok: true, results: done.results as Extract<CommandReply<BatchCreate>, { ok: true }>['results'] };
  let branch;
  try {
    branch = await activeBranch(deps.orgs, request.branchId);
  } catch (error) {
    if (error instanceof AppError && ['ORG_NOT_FOUND', 'MEMBER_NOT_IN_BRANCH', 'ORG_NOT_ACTIVE'].includes(error.code)) {
      return { ok: false, code: error.code as 'ORG_NOT_FOUND' };
    }
    throw error;
  }
  const results = await createMembers(deps, {
    branch,
    rows: request.rows,
    kind: request.kind,
    actor: request.actor,
    batchId: request.batchId,
    importJobId: request.importJobId ?? null,
  });
  await deps.batches.create({ _id: request.batchId, results, createdAt: new Date() }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
  return { ok: true, results };
}

export function serveCommands(bus: Bus, deps: Parameters<typeof batchCreate>[0]): CommandServer[] {
  return [serve(bus, membersBatchCreateV1, (request) => batchCreate(deps, request))];
}
