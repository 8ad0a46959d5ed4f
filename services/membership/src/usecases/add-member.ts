import type { OrgProjection } from '@zhtj/bus';
import { canManageOrg, type MemberInput } from '@zhtj/contracts';
import { AppError, type Caller } from '@zhtj/service-kit';
import type { MemberDocument } from '../store/member.model.js';
import { activeBranch, placeOf } from './branches.js';
import { createMembers, type CreateMembersDependencies } from './create-members.js';
import { loadMember } from './member-store.js';

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
  if (!canManageOrg(caller.roles, placeOf(branch))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const [result] = await createMembers(deps, { branch, rows: [{ row: 0, member: input }], kind: 'member', actor: caller });
  if (result!.status === 'failed') {
    if (result!.errors) throw new AppError('VALIDATION_FAILED', { errors: result!.errors });
    throw new AppError(result!.code);
  }
  return loadMember(deps.members, result!.memberId);
}
