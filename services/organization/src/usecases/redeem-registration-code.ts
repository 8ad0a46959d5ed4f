import type { CommandReply, CommandRequest, registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import { redeemRefusal } from '../domain/registration-code.js';
import type { OrgRepository } from '../store/org.repository.js';
import type { RegistrationCodeRepository } from '../store/registration-code.repository.js';

type Redeem = typeof registrationCodeRedeemV1;
type Check = typeof registrationCodeCheckV1;
type CodeDependencies = { orgs: OrgRepository; codes: RegistrationCodeRepository };

/**
 * The org and its stored code when the code would be redeemed for it now — or already was, for
 * this very account (`spentForCaller`: a registration retried after its answer was lost) —
 * otherwise the refusal.
 */
async function redeemable(
  deps: CodeDependencies,
  request: { orgId: string; code: string; accountId?: string | undefined },
  now: Date,
) {
  const org = await deps.orgs.record(request.orgId);
  if (!org || org.status !== 'active') return { refused: { ok: false, code: 'ORG_NOT_FOUND' } as const };
  const stored = await deps.codes.current(request.orgId);
  const refusal = redeemRefusal(stored, request.code, now);
  const spentForCaller = refusal === 'REGISTRATION_CODE_USED' && !!request.accountId && stored?.usedBy === request.accountId;
  if ((refusal && !spentForCaller) || !stored)
    return { refused: { ok: false, code: refusal ?? 'REGISTRATION_CODE_MISMATCH', orgName: org.name } as const };
  return { org, stored, spentForCaller };
}

/** Answers identity's check: what a redemption would answer now, with nothing spent. */
export async function checkRegistrationCode(
  deps: CodeDependencies,
  request: CommandRequest<Check>,
  now = new Date(),
): Promise<CommandReply<Check>> {
  const found = await redeemable(deps, request, now);
  return found.refused ?? { ok: true, orgId: request.orgId, orgName: found.org.name };
}

/**
 * Answers identity's redeem request. The code is spent by one update guarded on "not used yet",
 * so of two concurrent redemptions exactly one wins (RegistrationCodeRepository.spend).
 */
export async function redeemRegistrationCode(
  deps: CodeDependencies,
  request: CommandRequest<Redeem>,
  now = new Date(),
): Promise<CommandReply<Redeem>> {
  const found = await redeemable(deps, request, now);
  if (found.refused) return found.refused;
  if (found.spentForCaller) return { ok: true, orgId: request.orgId, orgName: found.org.name };
  const spent = await deps.codes.spend(request.orgId, found.stored.codeHash, request.accountId, now);
  if (!spent) return { ok: false, code: 'REGISTRATION_CODE_USED', orgName: found.org.name };
  return { ok: true, orgId: request.orgId, orgName: found.org.name };
}
