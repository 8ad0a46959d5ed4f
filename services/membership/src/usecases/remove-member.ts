import { createEvent, memberRemovedV1, AppError } from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import type { DevelopmentNumbers } from '../store/development-number.repository.js';
import { branchPlaceOf, type MemberRepository } from '../store/member.repository.js';
import { toMemberView } from './member-view.js';

/**
 * DELETE /members/:id, by the branch's admin or its direct superior's: the way to correct a wrong
 * ID number (remove, then add again). The record stays as a tombstone with its `member.removed`
 * event; its ID number and development number are freed for the corrected record.
 */
export async function removeMember(
  deps: { members: MemberRepository; developmentNumbers: DevelopmentNumbers },
  caller: Caller,
  id: string,
  version: number,
): Promise<void> {
  const { member, scope } = await deps.members.get(id, (m) =>
    requireManage(caller.roles, branchPlaceOf(m), { unseen: 'MEMBER_NOT_FOUND' }),
  );
  if (member.status === 'transferring') throw new AppError('MEMBER_TRANSFERRING');
  if (version !== member.version) throw new AppError('CONFLICT');
  const event = createEvent(
    memberRemovedV1,
    { id: member._id, branchId: member.branchId, version: member.version + 1 },
    { source: 'membership' },
  );
  await deps.members.saveWithEvents(
    scope,
    member,
    {
      $set: {
        status: 'removed',
        // Unique, and never a real ID number: the person can be added again at once.
        idNumber: `removed:${member._id}`,
        removedIdNumber: member.idNumber,
        developmentNumber: null,
      },
    },
    [event],
    (current) => toMemberView(current, { full: true }),
  );
  if (member.developmentNumber)
    await deps.developmentNumbers.release([{ number: member.developmentNumber, memberId: member._id }]);
}
