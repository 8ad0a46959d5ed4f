import type { Model } from 'mongoose';
import {
  createEvent,
  decisionPart,
  filedPart,
  orgChangeDecidedV1,
  orgChangeRequestedV1,
  type AdminScope,
  type ChangeRequestAction,
  type ManageScope,
  type SuperiorScope,
} from '@zhtj/contracts';
import type { Caller } from '@zhtj/service-kit';
import { orgInfo, type OrgInfoDiff } from '../domain/org-info.js';
import type { OrgChangeRequestDocument } from './org-change-request.model.js';
import type { AuthorizedOrg } from './org.repository.js';
import { ChangeRequestRepositoryBase, type Page, type PageRequest, type RequestStatusFilter } from '@zhtj/store';

export type { RequestStatusFilter } from '@zhtj/store';

const aboutOrg = (r: OrgChangeRequestDocument) => ({ orgId: r.orgId, orgName: r.orgName, deciderOrgId: r.deciderOrgId });
const filed = (r: OrgChangeRequestDocument) => filedPart(r, orgInfo.changed(r.changes));
const decided = (r: OrgChangeRequestDocument) => decisionPart(r, orgInfo.changed(r.changes));

/**
 * The only code that queries org change requests: filed by the org's own admin (an AdminScope
 * over it), decided by its direct superior's admin (a SuperiorScope over it).
 */
export class OrgChangeRequestRepository extends ChangeRequestRepositoryBase<OrgChangeRequestDocument> {
  constructor(model: Model<OrgChangeRequestDocument>) {
    super(model, {
      filed: (r) => [createEvent(orgChangeRequestedV1, { ...filed(r), ...aboutOrg(r) }, { source: 'organization' })],
      decided: (r) => [createEvent(orgChangeDecidedV1, { ...decided(r), ...aboutOrg(r) }, { source: 'organization' })],
    });
  }

  file({ org }: AuthorizedOrg<AdminScope>, changes: OrgInfoDiff, requestedBy: Caller): Promise<OrgChangeRequestDocument> {
    if (!org.parentId) throw new Error(`the root org ${org._id} has no superior to decide its requests`);
    return this.fileAbout({ orgId: org._id, orgName: org.name, deciderOrgId: org.parentId }, changes, org.version, requestedBy);
  }

  /** Marks the request decided; if another decision got there first, says which. */
  decide(
    { org }: AuthorizedOrg<SuperiorScope>,
    request: OrgChangeRequestDocument,
    caller: Caller,
    action: ChangeRequestAction,
    comment: string | undefined,
  ): Promise<OrgChangeRequestDocument> {
    if (request.orgId !== org._id) throw new Error(`request ${request._id} is not about org ${org._id}`);
    return this.recordDecision(request, caller, action, comment);
  }

  /** What the scope's org's admin must decide: requests from its direct children, by id. */
  pageToDecide(scope: AdminScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<OrgChangeRequestDocument>> {
    return this.pageWhere({ deciderOrgId: scope.id }, status, page);
  }

  /** What the scope's org filed, for its own admin and its superior's. */
  pageFiled(scope: ManageScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<OrgChangeRequestDocument>> {
    return this.pageWhere({ orgId: scope.id }, status, page);
  }
}
