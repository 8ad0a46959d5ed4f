import { adminScope, createEvent, newId, orgCreatedV1, type CreateOrgBody, AppError } from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { refuseNewChild } from '../domain/org-rules.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import { placeOf, type OrgRepository } from '../store/org.repository.js';

/** The admin of an org creates a child under it; `org.created` is written with it. */
export async function createOrg(deps: { orgs: OrgRepository }, caller: Caller, input: CreateOrgBody): Promise<OrgDocument> {
  // Only the parent's own admin creates under it; others learn nothing more than "not yours".
  const { org: parent, scope } = await deps.orgs.get(
    input.parentId,
    (p) => adminScope(caller.roles, placeOf(p)) ?? refuse('FORBIDDEN_ORG_SCOPE'),
  );
  const refusal = refuseNewChild(parent, input.type);
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });

  const org = {
    _id: newId(),
    name: input.name,
    shortName: input.shortName ?? null,
    type: input.type,
    contactPhone: input.contactPhone ?? null,
    industry: input.industry ?? null,
    status: 'active' as const,
    version: 1,
  };
  const ancestors = [...parent.ancestors, parent._id];
  const event = createEvent(orgCreatedV1, orgSnapshotOf({ ...org, parentId: parent._id, ancestors, depth: ancestors.length }), {
    source: 'organization',
  });
  return deps.orgs.createChild(scope, org, event);
}

function refuse(code: 'FORBIDDEN_ORG_SCOPE'): never {
  throw new AppError(code);
}
