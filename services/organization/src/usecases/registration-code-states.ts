import { adminScope, type OrgType, AppError } from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { placeOf, type OrgRepository } from '../store/org.repository.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';
import type { RegistrationCodeRepository } from '../store/registration-code.repository.js';

export type RegistrationCodeState = 'none' | 'active' | 'used' | 'expired';

export interface RegistrationCodeStateRow {
  orgId: string;
  orgName: string;
  orgType: OrgType;
  /** The code as its last two characters (`********xY`): the service keeps only a hash. */
  code: string | null;
  expiresAt: string | null;
  usedAt: string | null;
  state: RegistrationCodeState;
}

export function codeState(
  code: Pick<RegistrationCodeDocument, 'usedAt' | 'expiresAt'> | undefined,
  now: Date,
): RegistrationCodeState {
  if (!code) return 'none';
  if (code.usedAt) return 'used';
  return new Date(code.expiresAt) <= now ? 'expired' : 'active';
}

/**
 * The state of every active direct child's current code, for the org's own admin (who alone
 * generates them). A lost code is replaced by generating a new one.
 */
export async function currentCodeStates(
  deps: { orgs: OrgRepository; codes: RegistrationCodeRepository },
  caller: Caller,
  parentId: string,
  now = new Date(),
): Promise<RegistrationCodeStateRow[]> {
  const { scope } = await deps.orgs.get(parentId, (org) => {
    const own = adminScope(caller.roles, placeOf(org));
    if (!own) throw new AppError('FORBIDDEN_ORG_SCOPE');
    return own;
  });
  const children = await deps.orgs.activeChildren(scope);
  const codes = await deps.codes.ofChildren(
    scope,
    children.map((c) => c._id),
  );
  const byOrg = new Map(codes.map((c) => [c._id, c]));
  return children.map((child) => {
    const code = byOrg.get(child._id);
    return {
      orgId: child._id,
      orgName: child.name,
      orgType: child.type,
      code: code ? `********${code.last2}` : null,
      expiresAt: code ? new Date(code.expiresAt).toISOString() : null,
      usedAt: code?.usedAt ? new Date(code.usedAt).toISOString() : null,
      state: codeState(code, now),
    };
  });
}
