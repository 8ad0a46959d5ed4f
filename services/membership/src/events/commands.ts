import { serve, type Bus, type CommandServer } from '@zhtj/bus';
import {
  memberLocateV1,
  membersBatchCreateV1,
  type CommandReply,
  type CommandRequest,
  type EventEnvelope,
  AppError,
} from '@zhtj/contracts';
import type { MemberBatchDocument } from '../store/member-batch.model.js';
import type { MemberRepository } from '../store/member.repository.js';
import { activeBranch } from '../usecases/branches.js';
import { createMembers, memberCreated, type CreateMembersDependencies } from '../usecases/create-members.js';
import { type OrgProjection, type OutboxBatches } from '@zhtj/store';

type BatchCreate = typeof membersBatchCreateV1;

/**
 * The batch-create command (import → membership). The answer is kept under the batch id: a
 * repeated request (a retry after a timeout, a restarted import worker) gets it again.
 */
export type BatchDependencies = CreateMembersDependencies & {
  orgs: OrgProjection;
  batches: OutboxBatches<MemberBatchDocument>;
};

export async function batchCreate(
  deps: BatchDependencies,
  request: CommandRequest<BatchCreate>,
): Promise<CommandReply<BatchCreate>> {
  const earlier = await deps.batches.read(request.batchId);
  if (earlier && (earlier.status ?? 'done') === 'done') {
    return { ok: true, results: earlier.results as Extract<CommandReply<BatchCreate>, { ok: true }>['results'] };
  }
  let branch;
  try {
    branch = await activeBranch(deps.orgs, request.branchId);
  } catch (error) {
    if (error instanceof AppError && ['ORG_NOT_FOUND', 'MEMBER_NOT_IN_BRANCH', 'ORG_NOT_ACTIVE'].includes(error.code)) {
      return { ok: false, code: error.code as 'ORG_NOT_FOUND' };
    }
    throw error;
  }
  // The batch is on record before its members: a try that dies half-way leaves a `writing`
  // batch, and the next try (or the sweeper) finishes it — its members' events included.
  if (!earlier) {
    await deps.batches.open({
      _id: request.batchId,
      kind: request.kind,
      importJobId: request.importJobId ?? null,
      results: [],
      createdAt: new Date(),
    });
  }
  const events: EventEnvelope[] = [];
  const results = await createMembers(deps, {
    branch,
    rows: request.rows,
    kind: request.kind,
    actor: request.actor,
    batchId: request.batchId,
    importJobId: request.importJobId ?? null,
    eventSink: events,
  });
  await deps.batches.finish(deps.bus, request.batchId, events, { results });
  return { ok: true, results };
}

/**
 * Batches whose try died between writing members and finishing, and that nobody retried: their
 * members' events are written now (status `swept`), so no created member goes unannounced. A
 * late retry still gets its answer; members it finds already created are announced again, which
 * consumers take as the duplicate it is.
 */
export function sweepAbandonedBatches(
  deps: Pick<BatchDependencies, 'batches' | 'members' | 'bus'>,
  olderThanMs: number,
  now = new Date(),
): Promise<number> {
  return deps.batches.sweep(
    deps.bus,
    olderThanMs,
    async (batch) => {
      const members = await deps.members.createdBy(batch._id);
      return members.map((m) =>
        memberCreated({ ...m, id: m._id }, { kind: batch.kind ?? 'member', importJobId: batch.importJobId ?? null }, now),
      );
    },
    now,
  );
}

/**
 * The locate command (identity → membership): where a member is now. Read from the primary
 * record, so an answer never lags a transfer or a removal that membership has written.
 */
export async function locateMember(
  members: MemberRepository,
  request: CommandRequest<typeof memberLocateV1>,
): Promise<CommandReply<typeof memberLocateV1>> {
  const member = await members.placeOf(request.memberId);
  if (!member || member.status === 'removed') return { ok: false, code: 'MEMBER_NOT_FOUND' };
  return {
    ok: true,
    memberId: member._id,
    idNumber: member.idNumber,
    branchId: member.branchId,
    branchAncestors: member.branchAncestors,
  };
}

export function serveCommands(bus: Bus, deps: Parameters<typeof batchCreate>[0]): CommandServer[] {
  return [
    serve(bus, membersBatchCreateV1, (request) => batchCreate(deps, request)),
    serve(bus, memberLocateV1, (request) => locateMember(deps.members, request)),
  ];
}
