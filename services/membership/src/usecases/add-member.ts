import type { MemberInput } from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import type { MemberDocument } from '../store/member.model.js';
import { activeBranch, placeOf } from './branches.js';
import { createMembers, type CreateMembersDependencies } from './create-members.js';
import type { OrgProjection } from '@zhtj/store';
import { AppError } from '@zhtj/contracts';

/**
 * POST /orgs/:branchId/members: one member, by the branch's admin or its direct superior's.
 * The same path as a batch of one, with its refusal turned into the answer's error.
 */
export async function addMember(
  deps: CreateMembersDependencies & { orgs: OrgProjection },
  caller: Caller,
  branchId: string,
  input: MemberInput,
): Promise<MemberDocument> {
  const branch = await activeBranch(deps.orgs, branchId);
  const scope = requireManage(caller.roles, placeOf(branch));
  const [result] = await createMembers(deps, { branch, rows: [{ row: 0, member: input }], kind: 'member', actor: caller });
  if (result!.status === 'failed') {
    if (result!.errors) throw new AppError('VALIDATION_FAILED', { errors: result!.errors });
    throw new AppError(result!.code);
  }
  return (await deps.members.get(result!.memberId, () => scope)).member;
}
