import type { EventData, memberBranchChangedV1, memberRemovedV1 } from '@zhtj/contracts';
import type { LaterChange } from '../domain/member-link.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { MemberPlacementDocument } from '../store/member-placement.model.js';
import type { MemberPlacementRepository } from '../store/member-placement.repository.js';
import type { SessionIssuer } from '../usecases/session-issuer.js';

export interface FollowMembersDependencies {
  accounts: AccountRepository;
  placements: MemberPlacementRepository;
  sessions: Pick<SessionIssuer, 'enforce'>;
}

/**
 * An account follows its member record: moved to another branch (a transfer), the member role
 * moves with it; removed, the account keeps only its other roles — and a removed member without
 * any can no longer sign in or refresh. Where a grant is lost, tokens issued before stop working
 * at once (TokenRevocations). The placement is recorded first, so that a creation handled at the
 * same time finds it (see createMemberAccounts); then it is applied to the account if there is
 * one. Idempotent: a redelivered or older event changes nothing and enforces the same state again.
 */
export async function followPlacement(deps: FollowMembersDependencies, change: LaterChange) {
  await deps.placements.record({
    _id: change.memberId,
    kind: change.kind,
    version: change.version,
    branchId: change.kind === 'moved' ? change.branchId : null,
    branchAncestors: change.kind === 'moved' ? [...change.branchAncestors] : [],
  });
  const account = await deps.accounts.followMember({ memberId: change.memberId }, change);
  if (account) await deps.sessions.enforce(account);
}

export const memberMoved = (data: EventData<typeof memberBranchChangedV1>): LaterChange => ({
  kind: 'moved',
  memberId: data.id,
  version: data.version,
  branchId: data.branchId,
  branchAncestors: data.branchAncestors,
});

export const memberRemoved = (data: EventData<typeof memberRemovedV1>): LaterChange => ({
  kind: 'removed',
  memberId: data.id,
  version: data.version,
});

/** A recorded placement as the change it stands for. */
export const placementChange = (p: MemberPlacementDocument): LaterChange =>
  p.kind === 'moved'
    ? { kind: 'moved', memberId: p._id, version: p.version, branchId: p.branchId!, branchAncestors: p.branchAncestors }
    : { kind: 'removed', memberId: p._id, version: p.version };

/** Applies what was recorded about these records to their accounts (made just now, or linked anew). */
export async function applyRecordedPlacements(deps: FollowMembersDependencies, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const recorded = await deps.placements.of(memberIds);
  for (const placement of recorded) {
    const account = await deps.accounts.followMember({ memberId: placement._id }, placementChange(placement));
    if (account) await deps.sessions.enforce(account);
  }
}
