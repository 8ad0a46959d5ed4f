import type { Model } from 'mongoose';
import { newId, type ChangeRequestAction, type ManageScope, type SelfScope } from '@zhtj/contracts';
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
import type { Authorized } from './member.repository.js';
import type { MemberChangeRequestDocument } from './member-change-request.model.js';

export type RequestStatusFilter = 'pending' | 'approved' | 'rejected' | 'all';

/**
 * The only code that queries member change requests. A request is filed by the member themself
 * (a SelfScope), listed and decided by the managers of the member's branch (a ManageScope over
 * it: the branch the member is in now, which may not be the one they asked from).
 */
export class MemberChangeRequestRepository {
  constructor(private readonly model: Model<MemberChangeRequestDocument>) {}

  /** A request by id; the caller proves authority over its member before anything is shown. */
  async load(id: string): Promise<MemberChangeRequestDocument> {
    const request = await this.model.findById(id).lean<MemberChangeRequestDocument>();
    if (!request) throw new AppError('CHANGE_REQUEST_NOT_FOUND');
    return request;
  }

  /** The member's own request, filed with the proof that they are that member. */
  async file(
    { member }: Authorized<SelfScope>,
    changes: MemberChangeRequestDocument['changes'],
    requestedBy: Caller,
  ): Promise<MemberChangeRequestDocument> {
    const created = await this.model.create({
      _id: newId(),
      memberId: member._id,
      memberName: member.name,
      branchId: member.branchId,
      changes,
      baseVersion: member.version,
      requestedBy: { accountId: requestedBy.accountId, name: requestedBy.name },
      status: 'pending',
    });
    return created.toObject();
  }

  /** Marks the request decided; if another decision got there first, says which. */
  decide(
    { member }: Authorized<ManageScope>,
    request: MemberChangeRequestDocument,
    caller: Caller,
    action: ChangeRequestAction,
    comment: string | undefined,
  ): Promise<MemberChangeRequestDocument> {
    if (request.memberId !== member._id) throw new Error(`request ${request._id} is not about member ${member._id}`);
    return recordDecision(this.model, request, caller, action, comment);
  }

  /** Settles the approval a member's last write carried, if it stopped half-way (see AppliedApproval). */
  settleInterrupted(applied: AppliedApproval | null | undefined): Promise<void> {
    return settleInterruptedApproval(this.model, applied);
  }

  /** The refusal saying how the request was decided meanwhile. */
  decidedNow(id: string): Promise<AppError> {
    return decidedNow(this.model, id);
  }

  /** Requests from the members of the scope's branch, by id. */
  pageOfBranch(scope: ManageScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<MemberChangeRequestDocument>> {
    return keysetPage(this.model, { branchId: scope.id, ...(status === 'all' ? {} : { status }) }, page);
  }

  /** One member's requests, for the member or a manager of their branch. */
  pageOfMember(
    { member }: Authorized<ManageScope | SelfScope>,
    status: RequestStatusFilter,
    page: PageRequest,
  ): Promise<Page<MemberChangeRequestDocument>> {
    return keysetPage(this.model, { memberId: member._id, ...(status === 'all' ? {} : { status }) }, page);
  }
}
