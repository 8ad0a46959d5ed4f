import type { Bus } from '@zhtj/bus';
import {
  createEvent,
  derivedId,
  memberBranchChangedV1,
  memberBranchChangeFailedV1,
  memberUpdatedV1,
  profileOf,
  type TransferSnapshot,
} from '@zhtj/contracts';
import type { MemberDocument } from '../store/member.model.js';
import type { MemberRepository } from '../store/member.repository.js';
import type { OrgProjection } from '@zhtj/store';

type FailureCode = 'MEMBER_NOT_FOUND' | 'MEMBER_MOVED' | 'BRANCH_NOT_ACTIVE';
const FAILURE_REASONS: Record<FailureCode, string> = {
  MEMBER_NOT_FOUND: '该团员已被删除',
  MEMBER_MOVED: '该团员的组织关系已转至其他团支部',
  BRANCH_NOT_ACTIVE: '接收团支部已撤销或不是团支部',
};

/** A write lost to a concurrent one: thrown so the event is redelivered and tried on the new state. */
class VersionRace extends Error {}

/**
 * membership's half of the transfer saga. Every handler is idempotent: state carries the transfer
 * it belongs to (`openTransferId`, `lastTransferId`), so a redelivered or duplicated event
 * finds its work done and changes nothing.
 */
export function transferSaga(deps: { bus: Bus; members: MemberRepository; orgs: OrgProjection }) {
  const { members } = deps;

  async function write(member: MemberDocument, set: Record<string, unknown>, event: ReturnType<typeof createEvent>) {
    if (!(await members.writeAt(member, set, event))) throw new VersionRace(`member ${member._id} changed meanwhile`);
  }

  const statusEvent = (member: MemberDocument) =>
    createEvent(
      memberUpdatedV1,
      {
        id: member._id,
        branchId: member.branchId,
        branchAncestors: member.branchAncestors,
        version: member.version + 1,
        name: member.name,
        changedFields: ['status'],
        profile: profileOf(member),
      },
      { source: 'membership' },
    );

  /** The failure is not a change of membership's state: it is published directly, under an id derived from the transfer. */
  async function fail(t: TransferSnapshot, code: FailureCode) {
    await deps.bus.publish(
      createEvent(
        memberBranchChangeFailedV1,
        { memberId: t.memberId, transferId: t.id, code, reason: FAILURE_REASONS[code] },
        { source: 'membership', id: derivedId(t.id, 'member.branch_change_failed') },
      ),
    );
  }

  return {
    /** A transfer was asked for: the member shows as transferring until it ends. */
    async opened(t: TransferSnapshot) {
      const member = await members.record(t.memberId);
      if (!member || member.status !== 'active' || member.branchId !== t.fromBranchId) return;
      // Refused when the transfer is known closed (its close came first), or on a version race.
      if (member.closedTransferIds?.includes(t.id)) return;
      if (!(await members.openTransfer(member, t.id, statusEvent(member)))) {
        throw new VersionRace(`member ${member._id} changed meanwhile`);
      }
    },

    /**
     * Rejected, cancelled, expired or failed: the member is active again. A close may come
     * before its request is handled (another replica has it, or its retry): then it is
     * remembered, and the request changes nothing when it comes.
     */
    async closed(t: TransferSnapshot) {
      for (let tries = 0; tries < 3; tries++) {
        const member = await members.record(t.memberId);
        if (!member) return;
        if (member.openTransferId === t.id) {
          if (await members.closeOpenTransfer(member, t.id, statusEvent(member))) return;
        } else if (await members.rememberClosedTransfer(member._id, t.id)) return;
      }
      throw new VersionRace(`member ${t.memberId} changed meanwhile`);
    },

    /**
     * Approved to a branch, or assigned to one: the member moves, with `member.branch_changed`
     * in the same write — or, if they were removed or moved meanwhile, or the branch is gone,
     * a failure event and no change at all.
     */
    async move(t: TransferSnapshot) {
      if (!t.targetBranchId) return; // approved by a committee: waits for the assignment
      const member = await members.record(t.memberId);
      if (!member || member.status === 'removed') return fail(t, 'MEMBER_NOT_FOUND');
      if (member.lastTransferId === t.id) return; // moved already: a redelivery
      if (member.branchId !== t.fromBranchId) return fail(t, 'MEMBER_MOVED');
      const target = await deps.orgs.get(t.targetBranchId);
      // Not yet projected: org.created may still be on its way, so try again later.
      if (!target) throw new Error(`branch ${t.targetBranchId} not in the projection yet`);
      if (target.type !== 'branch' || target.status !== 'active') return fail(t, 'BRANCH_NOT_ACTIVE');
      const branchAncestors = [...target.ancestors];
      const event = createEvent(
        memberBranchChangedV1,
        {
          id: member._id,
          branchId: target._id,
          branchAncestors,
          version: member.version + 1,
          fromBranchId: member.branchId,
          transferId: t.id,
        },
        { source: 'membership' },
      );
      await write(
        member,
        { branchId: target._id, branchAncestors, status: 'active', openTransferId: null, lastTransferId: t.id },
        event,
      );
    },
  };
}
