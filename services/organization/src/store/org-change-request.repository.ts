import type { Model } from 'mongoose';
import { newId, type AdminScope, type ChangeRequestAction, type ManageScope, type SuperiorScope } from '@zhtj/contracts';
import {
  AppError,
  decidedNow,
  keysetPage,
  recordDecision,
  settleInterruptedApproval,
  type AppliedApproval,
  type Caller,
  type Page,
  type PageRequest,
} from '@zhtj/service-kit';
import type { OrgInfoDiff } from '../domain/org-info.js';
import type { OrgChangeRequestDocument } from './org-change-request.model.js';
import type { AuthorizedOrg } from './org.repository.js';

export type RequestStatusFilter = 'pending' | 'approved' | 'rejected' | 'all';

/**
 * The only code that queries org change requests: filed by the org's own admin (an AdminScope
 * over it), decided by its direct superior's admin (a SuperiorScope over it).
 */
export class OrgChangeRequestRepository {
  constructor(private readonly model: Model<OrgChangeRequestDocument>) {}

  /** A request by id; the caller proves authority over its org before anything is decided. */
  async load(id: string): Promise<OrgChangeRequestDocument> {
    const request = await this.model.findById(id).lean<OrgChangeRequestDocument>();
    if (!request) throw new AppError('CHANGE_REQUEST_NOT_FOUND');
    return request;
  }

  async file({ org }: AuthorizedOrg<AdminScope>, changes: OrgInfoDiff, requestedBy: Caller): Promise<OrgChangeRequestDocument> {
    if (!org.parentId) throw new Error(`the root org ${org._id} has no superior to decide its requests`);
    const created = await this.model.create({
      _id: newId(),
      orgId: org._id,
      orgName: org.name,
      deciderOrgId: org.parentId,
      changes,
      baseVersion: org.version,
      requestedBy: { accountId: requestedBy.accountId, name: requestedBy.name },
      status: 'pending',
    });
    return created.toObject();
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
    return recordDecision(this.model, request, caller, action, comment);
  }

  /** Settles the approval an org's last write carried, if it stopped half-way (see AppliedApproval). */
  settleInterrupted(applied: AppliedApproval | null | undefined): Promise<void> {
    return settleInterruptedApproval(this.model, applied);
  }

  /** The refusal saying how the request was decided meanwhile. */
  decidedNow(id: string): Promise<AppError> {
    return decidedNow(this.model, id);
  }

  /** What the scope's org's admin must decide: requests from its direct children, by id. */
  pageToDecide(scope: AdminScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<OrgChangeRequestDocument>> {
    return keysetPage(this.model, { deciderOrgId: scope.id, ...(status === 'all' ? {} : { status }) }, page);
  }

  /** What the scope's org filed, for its own admin and its superior's. */
  pageFiled(scope: ManageScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<OrgChangeRequestDocument>> {
    return keysetPage(this.model, { orgId: scope.id, ...(status === 'all' ? {} : { status }) }, page);
  }
}
