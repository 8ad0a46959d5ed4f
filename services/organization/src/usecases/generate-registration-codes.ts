import { adminScope, isAdminOf, AppError } from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { hashRegistrationCode, newRegistrationCode } from '../domain/registration-code.js';
import { placeOf, type OrgRepository } from '../store/org.repository.js';
import type { RegistrationCodeRepository } from '../store/registration-code.repository.js';

export interface GeneratedCode {
  orgId: string;
  orgName: string;
  code: string;
  expiresAt: string;
}

/**
 * An org's admin makes admin registration codes for its direct children — all of them, or the
 * ones named. Each child has one code at a time: a new one replaces (and voids) the old.
 */
export async function generateRegistrationCodes(
  deps: { orgs: OrgRepository; codes: RegistrationCodeRepository; ttlDays: number },
  caller: Caller,
  parentId: string,
  childOrgIds: readonly string[] | undefined,
  now = new Date(),
): Promise<GeneratedCode[]> {
  // Only the parent's own admin: anyone else is refused before anything is read.
  if (!isAdminOf(caller.roles, parentId)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const parent = await deps.orgs.record(parentId);
  // An org this service does not know (yet: its org.created on the way) has no children to make codes for.
  if (!parent) return [];
  const scope = adminScope(caller.roles, placeOf(parent))!;
  const children = await deps.orgs.activeChildren(scope);
  const byId = new Map(children.map((c) => [c._id, c]));
  const targets = childOrgIds ? childOrgIds.map((id) => byId.get(id)) : children;
  // A named org that is not an active direct child is outside this admin's authority.
  if (targets.some((t) => !t)) throw new AppError('FORBIDDEN_ORG_SCOPE');

  const expiresAt = new Date(now.getTime() + deps.ttlDays * 24 * 3600_000);
  const issued = targets.map((org) => ({ org: org!, code: newRegistrationCode() }));
  await deps.codes.issue(
    scope,
    issued.map(({ org, code }) => ({ orgId: org._id, codeHash: hashRegistrationCode(code), last2: code.slice(-2) })),
    { accountId: caller.accountId, at: now, expiresAt },
  );
  return issued.map(({ org, code }) => ({ orgId: org._id, orgName: org.name, code, expiresAt: expiresAt.toISOString() }));
}
