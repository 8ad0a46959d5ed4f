import type { Model } from 'mongoose';
import { bulkWriteInChunks } from '@zhtj/bus';
import { AppError, type Caller } from '@zhtj/service-kit';
import { hashRegistrationCode, newRegistrationCode } from '../domain/registration-code.js';
import type { OrgDocument } from '../store/org.model.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';

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
  deps: { orgs: Model<OrgDocument>; codes: Model<RegistrationCodeDocument>; ttlDays: number },
  caller: Caller,
  parentId: string,
  childOrgIds: readonly string[] | undefined,
  now = new Date(),
): Promise<GeneratedCode[]> {
  if (!caller.roles.some((r) => r.role === 'org_admin' && r.orgId === parentId)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const children = await deps.orgs.find({ parentId, status: 'active' }).select('_id name').lean();
  const byId = new Map(children.map((c) => [c._id, c]));
  const targets = childOrgIds ? childOrgIds.map((id) => byId.get(id)) : children;
  // A named org that is not an active direct child is outside this admin's authority.
  if (targets.some((t) => !t)) throw new AppError('FORBIDDEN_ORG_SCOPE');

  const expiresAt = new Date(now.getTime() + deps.ttlDays * 24 * 3600_000);
  const issued = targets.map((org) => ({ org: org!, code: newRegistrationCode() }));
  if (issued.length > 0) {
    await bulkWriteInChunks(
      deps.codes,
      issued.map(({ org, code }) => ({
        replaceOne: {
          filter: { _id: org._id },
          replacement: {
            _id: org._id,
            codeHash: hashRegistrationCode(code),
            last2: code.slice(-2),
            issuedBy: caller.accountId,
            issuedAt: now,
            expiresAt,
            usedAt: null,
            usedBy: null,
          },
          upsert: true,
        },
      })) as never,
    );
  }
  return issued.map(({ org, code }) => ({ orgId: org._id, orgName: org.name, code, expiresAt: expiresAt.toISOString() }));
}
