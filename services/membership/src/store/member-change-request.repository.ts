import type { Model } from 'mongoose';
import {
  createEvent,
  decisionPart,
  filedPart,
  memberChangeDecidedV1,
  memberChangeRequestedV1,
  type ChangeRequestAction,
  type ManageScope,
  type SelfScope,
} from '@zhtj/contracts';
import { memberInfo } from '../domain/member-info.js';
import type { Caller } from '@zhtj/service-kit';
import type { Authorized } from './member.repository.js';
import type { MemberChangeRequestDocument } from './member-change-request.model.js';
import { ChangeRequestRepositoryBase, type Page, type PageRequest, type RequestStatusFilter } from '@zhtj/store';

export type { RequestStatusFilter } from '@zhtj/store';

const aboutMember = (r: MemberChangeRequestDocument) => ({
  memberId: r.memberId,
  memberName: r.memberName,
  branchId: r.branchId,
});
const filed = (r: MemberChangeRequestDocument) => filedPart(r, memberInfo.changed(r.changes));
const decided = (r: MemberChangeRequestDocument) => decisionPart(r, memberInfo.changed(r.changes));

/**
 * The only code that queries member change requests. A request is filed by the member themself
 * (a SelfScope), listed and decided by the managers of the member's branch (a ManageScope over
 * it: the branch the member is in now, which may not be the one they asked from).
 */
export class MemberChangeRequestRepository extends ChangeRequestRepositoryBase<MemberChangeRequestDocument> {
  constructor(model: Model<MemberChangeRequestDocument>) {
    super(model, {
      filed: (r) => [createEvent(memberChangeRequestedV1, { ...filed(r), ...aboutMember(r) }, { source: 'membership' })],
      decided: (r) => [createEvent(memberChangeDecidedV1, { ...decided(r), ...aboutMember(r) }, { source: 'membership' })],
    });
  }

  /** The member's own request, filed with the proof that they are that member. */
  file(
    { member }: Authorized<SelfScope>,
    changes: MemberChangeRequestDocument['changes'],
    requestedBy: Caller,
  ): Promise<MemberChangeRequestDocument> {
    return this.fileAbout(
      { memberId: member._id, memberName: member.name, branchId: member.branchId },
      changes,
      member.version,
      requestedBy,
    );
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
    return this.recordDecision(request, caller, action, comment);
  }

  /** Requests from the members of the scope's branch, by id. */
  pageOfBranch(scope: ManageScope, status: RequestStatusFilter, page: PageRequest): Promise<Page<MemberChangeRequestDocument>> {
    return this.pageWhere({ branchId: scope.id }, status, page);
  }

  /** One member's requests, for the member or a manager of their branch. */
  pageOfMember(
    { member }: Authorized<ManageScope | SelfScope>,
    status: RequestStatusFilter,
    page: PageRequest,
  ): Promise<Page<MemberChangeRequestDocument>> {
    return this.pageWhere({ memberId: member._id }, status, page);
  }
}
