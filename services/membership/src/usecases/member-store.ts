import type { Model } from 'mongoose';
import { pushEvents } from '@zhtj/bus';
import type { EventEnvelope } from '@zhtj/contracts';
import { AppError } from '@zhtj/service-kit';
import type { MemberDocument } from '../store/member.model.js';
import { toMemberView } from './member-view.js';

export type Members = Model<MemberDocument>;

/** A member that exists (a removed record is gone for the API). */
export async function loadMember(members: Members, id: string): Promise<MemberDocument> {
  const member = await members.findById(id).lean<MemberDocument>();
  if (!member || member.status === 'removed') throw new AppError('MEMBER_NOT_FOUND');
  return member;
}

/**
 * Writes a change and its events in one single-document update guarded on the version it was
 * computed from; losing the race gives CONFLICT with the member as it is now.
 */
export async function updateMemberAt(
  members: Members,
  member: MemberDocument,
  change: { $set?: Record<string, unknown>; $unset?: Record<string, ''> },
  events: EventEnvelope[],
  options: { full: boolean },
): Promise<MemberDocument> {
  const update: Record<string, unknown> = { $inc: { version: 1 }, ...pushEvents(...events) };
  if (change.$set && Object.keys(change.$set).length > 0) update.$set = change.$set;
  if (change.$unset && Object.keys(change.$unset).length > 0) update.$unset = change.$unset;
  const updated = await members
    .findOneAndUpdate({ _id: member._id, version: member.version }, update, { returnDocument: 'after' })
    .lean<MemberDocument>();
  if (!updated) {
    const current = await loadMember(members, member._id);
    throw new AppError('CONFLICT', { extensions: { current: toMemberView(current, options) } });
  }
  return updated;
}
