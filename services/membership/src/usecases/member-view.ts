import { canManageOrg, type RoleGrant } from '@zhtj/contracts';
import { maskIdNumber, maskPhone } from '@zhtj/id-number';
import type { MemberDocument } from '../store/member.model.js';
import { branchPlaceOf } from '../store/member.repository.js';

/** Who sees a member's ID number and phone in full: admins who manage the branch, and the member. */
export function seesInFull(caller: { roles: readonly RoleGrant[]; memberId?: string }, member: MemberDocument): boolean {
  return caller.memberId === member._id || canManageOrg(caller.roles, branchPlaceOf(member));
}

/** A member as the API shows it; lists always mask the ID number and phone. */
export function toMemberView(member: MemberDocument, options: { full: boolean }) {
  const full = options.full;
  return {
    id: member._id,
    name: member.name,
    idNumber: full ? member.idNumber : maskIdNumber(member.idNumber),
    gender: member.gender,
    ...(full ? { birthDate: member.birthDate } : {}),
    ethnicity: member.ethnicity,
    politicalStatus: member.politicalStatus,
    joinedAt: member.joinedAt,
    developmentNumber: member.developmentNumber,
    educationFullTime: member.educationFullTime,
    educationHighest: member.educationHighest,
    occupation: member.occupation,
    employer: member.employer,
    phone: member.phone && !full ? maskPhone(member.phone) : member.phone,
    branchId: member.branchId,
    branchAncestors: member.branchAncestors,
    status: member.status,
    openTransferId: member.openTransferId,
    identityCheck: member.identityCheck,
    version: member.version,
    createdAt: new Date(member.createdAt).toISOString(),
    updatedAt: new Date(member.updatedAt).toISOString(),
  };
}
export type MemberView = ReturnType<typeof toMemberView>;
