import type { Model } from 'mongoose';
import type { CommandReply, CommandRequest, registrationCodeRedeemV1 } from '@zhtj/contracts';
import { redeemRefusal } from '../domain/registration-code.js';
import type { OrgDocument } from '../store/org.model.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';

type Redeem = typeof registrationCodeRedeemV1;

/**
 * Answers identity's redeem request. The code is spent by one update guarded on "not used yet",
 * so of two concurrent redemptions exactly one wins (on MongoDB by the server's atomic update; on
 * FerretDB because the service serves its updates over a single connection).
 */
export async function redeemRegistrationCode(
  deps: { orgs: Model<OrgDocument>; codes: Model<RegistrationCodeDocument> },
  request: CommandRequest<Redeem>,
  now = new Date(),
): Promise<CommandReply<Redeem>> {
  const org = await deps.orgs.findById(request.orgId).select('name status').lean();
  if (!org || org.status !== 'active') return { ok: false, code: 'ORG_NOT_FOUND' };
  const stored = await deps.codes.findById(request.orgId).lean();
  const refusal = redeemRefusal(stored, request.code, now);
  if (refusal || !stored) return { ok: false, code: refusal ?? 'REGISTRATION_CODE_MISMATCH', orgName: org.name };
  const spent = await deps.codes.updateOne(
    { _id: request.orgId, codeHash: stored.codeHash, usedAt: null },
    { $set: { usedAt: now, usedBy: request.accountId } },
  );
  if (spent.modifiedCount !== 1) return { ok: false, code: 'REGISTRATION_CODE_USED', orgName: org.name };
  return { ok: true, orgId: request.orgId, orgName: org.name };
}
