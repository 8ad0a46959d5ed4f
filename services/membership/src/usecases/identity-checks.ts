import type { Bus } from '@zhtj/bus';
import { createEvent, derivedId, memberUpdatedV1, newId } from '@zhtj/contracts';
import { isPlausibleName, parseIdNumber } from '@zhtj/id-number';
import type { IdentityCheckBatchDocument } from '../store/identity-check-batch.model.js';
import type { MemberDocument } from '../store/member.model.js';
import type { MemberRepository } from '../store/member.repository.js';
import type { OutboxBatches } from '@zhtj/store';

/**
 * The real-name check of a member (未认证 → 通过 / 不通过). It runs in the background and blocks
 * nothing; a deployment with access to a real-name service plugs in its own.
 */
export interface IdentityVerifier {
  verify(person: { name: string; idNumber: string }): Promise<'passed' | 'failed'>;
}

/** The default: the ID number is well-formed and the name has a plausible form. */
export const formIdentityVerifier: IdentityVerifier = {
  async verify({ name, idNumber }) {
    return parseIdNumber(idNumber).ok && isPlausibleName(name) ? 'passed' : 'failed';
  },
};

export interface IdentityCheckDependencies {
  members: MemberRepository;
  /** The passes, each an outbox batch. */
  checkBatches: OutboxBatches<IdentityCheckBatchDocument>;
  /** With a bus the pass's events are published at once; without, the relay does it. */
  bus?: Bus | undefined;
}

/** The event of a member the check settled: its id derived from the pass, so announcing it again is the same event. */
const checked = (m: Pick<MemberDocument, '_id' | 'branchId' | 'branchAncestors' | 'name'>, version: number, batchId: string) =>
  createEvent(
    memberUpdatedV1,
    {
      id: m._id,
      branchId: m.branchId,
      branchAncestors: m.branchAncestors,
      version,
      name: m.name,
      changedFields: ['identityCheck'],
    },
    { source: 'membership', id: derivedId(m._id, `identity-check:${batchId}`) },
  );

/**
 * Checks unverified members a batch at a time; returns how many it settled. The pass is an
 * outbox batch (see finishOutboxBatch): each member's update carries the pass's id, and the
 * pass's events go out together — or, if this process dies half-way, the sweeper announces
 * them from the members that carry its id.
 *
 * The updates go as bulk commands, not one round trip per member: after a large import there are
 * tens of thousands to settle, and one by one they held the store (and the relay's interactive
 * events behind it) for many minutes. Which updates won is read back by the pass's id.
 */
export async function checkIdentities(
  deps: IdentityCheckDependencies,
  verifier: IdentityVerifier,
  batchSize = 500,
): Promise<number> {
  const pending = await deps.members.unverified(batchSize);
  if (pending.length === 0) return 0;
  const batchId = newId();
  await deps.checkBatches.open({ _id: batchId, createdAt: new Date() });
  // One at a time: a deployment's verifier may be a remote service with its own rate limit.
  const verdicts: Array<'passed' | 'failed'> = [];
  for (const member of pending) verdicts.push(await verifier.verify(member));
  // The members this pass settled carry its id, each at the version it read + 1.
  const settled = await deps.members.settleChecks(pending, verdicts, batchId);
  const read = new Map(pending.map((m) => [m._id, m]));
  const events = settled.flatMap(({ _id }) => {
    const member = read.get(_id);
    return member ? [checked(member, member.version + 1, batchId)] : [];
  });
  await deps.checkBatches.finish(deps.bus, batchId, events);
  return events.length;
}

/** Passes whose process died half-way: the members they settled are announced all the same. */
export function sweepIdentityCheckBatches(
  deps: IdentityCheckDependencies,
  olderThanMs: number,
  now = new Date(),
): Promise<number> {
  return deps.checkBatches.sweep(
    deps.bus,
    olderThanMs,
    async (batch) => {
      const settled = await deps.members.settledBy(batch._id);
      return settled.map((m) => checked(m, m.version, batch._id));
    },
    now,
  );
}
