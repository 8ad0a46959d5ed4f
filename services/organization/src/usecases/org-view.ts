import { canManageOrg, type OrgView, type RoleGrant } from '@zhtj/contracts';
import { maskIdNumber, maskPhone } from '@zhtj/id-number';
import type { OrgDocument } from '../store/org.model.js';

/**
 * An org as the API shows it. The secretary's ID number is shown in full only to those who manage
 * the org; lists (`list: true`) mask it and the contact phone for everyone.
 */
export function toOrgView(org: OrgDocument, roles: readonly RoleGrant[], options: { list?: boolean } = {}): OrgView {
  const full = !options.list && canManageOrg(roles, { id: org._id, ancestors: org.ancestors });
  const phone = org.contactPhone ?? null;
  return {
    id: org._id,
    name: org.name,
    shortName: org.shortName ?? null,
    type: org.type,
    parentId: org.parentId,
    ancestors: org.ancestors,
    depth: org.depth,
    secretary: org.secretary
      ? {
          name: org.secretary.name,
          idNumber: full ? org.secretary.idNumber : maskIdNumber(org.secretary.idNumber),
          verified: org.secretary.verified,
        }
      : null,
    contactPhone: phone && options.list ? maskPhone(phone) : phone,
    industry: org.industry ?? null,
    status: org.status,
    version: org.version,
    createdAt: new Date(org.createdAt).toISOString(),
    updatedAt: new Date(org.updatedAt).toISOString(),
  };
}
