import { createEvent, isAdminOf, newId, orgCreatedV1, type CreateOrgBody } from '@zhtj/contracts';
import { toOutboxEntries } from '@zhtj/bus';
import { AppError, DuplicateKeyError, rethrowDuplicateKey, type Caller } from '@zhtj/service-kit';
import { refuseNewChild } from '../domain/org-rules.js';
import { shiftNameGramCounts } from '../store/name-gram-count.model.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import type { Orgs } from './org-store.js';

/** The admin of an org creates a child under it; `org.created` is written with it. */
export async function createOrg(deps: { orgs: Orgs }, caller: Caller, input: CreateOrgBody): Promise<OrgDocument> {
  const parent = await deps.orgs.findById(input.parentId).lean<OrgDocument>();
  // Only the parent's own admin creates under it; others learn nothing more than "not yours".
  if (!parent || !isAdminOf(caller.roles, parent._id)) throw new AppError(parent ? 'FORBIDDEN_ORG_SCOPE' : 'ORG_NOT_FOUND');
  const refusal = refuseNewChild(parent, input.type);
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });

  const ancestors = [...parent.ancestors, parent._id];
  const org = {
    _id: newId(),
    name: input.name,
    shortName: input.shortName ?? null,
    type: input.type,
    parentId: parent._id,
    ancestors,
    depth: ancestors.length,
    contactPhone: input.contactPhone ?? null,
    industry: input.industry ?? null,
    status: 'active' as const,
    version: 1,
  };
  const event = createEvent(orgCreatedV1, orgSnapshotOf(org), { source: 'organization' });
  try {
    const created = await deps.orgs.create({ ...org, outbox: toOutboxEntries([event]) }).catch(rethrowDuplicateKey);
    // The search's statistic, after the org is written (a failure here costs a search some reading, no more).
    await shiftNameGramCounts(deps.orgs.db, created.nameGrams).catch(() => undefined);
    return created.toObject();
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw new AppError('ORG_NAME_TAKEN', { params: { name: input.name } });
    throw error;
  }
}
