import { createEvent, memberUpdatedV1 } from '@zhtj/contracts';
import { isPlausibleName, parseIdNumber } from '@zhtj/id-number';
import { pushEvents } from '@zhtj/bus';
import type { MemberDocument } from '../store/member.model.js';
import type { Members } from './member-store.js';

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

/** Checks unverified members a batch at a time; returns how many it settled. */
export async function checkIdentities(members: Members, verifier: IdentityVerifier, batchSize = 100): Promise<number> {
  const pending = await members
    .find({ identityCheck: 'unverified', status: { $ne: 'removed' } })
    .limit(batchSize)
    .select('_id name idNumber branchId branchAncestors version')
    .lean<MemberDocument[]>();
  let settled = 0;
  for (const member of pending) {
    const verdict = await verifier.verify(member);
    const event = createEvent(
      memberUpdatedV1,
      {
        id: member._id,
        branchId: member.branchId,
        branchAncestors: member.branchAncestors,
        version: member.version + 1,
        name: member.name,
        changedFields: ['identityCheck'],
      },
      { source: 'membership' },
    );
    // Guarded on the version: another replica's check, or an edit, wins and this one is dropped.
    const res = await members.updateOne(
      { _id: member._id, version: member.version },
      { $set: { identityCheck: verdict }, $inc: { version: 1 }, ...pushEvents(event) },
    );
    settled += res.modifiedCount;
  }
  return settled;
}
