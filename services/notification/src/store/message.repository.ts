import type { Model } from 'mongoose';
import { AppError, newId } from '@zhtj/contracts';
import { isDuplicateKeyError, keysetPage, type Page, type PageRequest } from '@zhtj/store';
import type { Inbox } from '../domain/inbox.js';
import type { NewMessage } from '../domain/messages-for.js';
import type { MessageDocument } from './message.model.js';

/**
 * The only code that queries messages. Readers reach them only through an Inbox (the caller's
 * own address and the orgs they administer now); the consumers write them for the system.
 */
export class MessageRepository {
  constructor(private readonly model: Model<MessageDocument>) {}

  /**
   * For the system: writes the event's messages, each at most once (a redelivery or a replay
   * finds the unique `{ eventId, to }` taken). Answers the messages written by this call.
   */
  async writeOnce(eventId: string, messages: readonly NewMessage[], now = new Date()): Promise<MessageDocument[]> {
    const written: MessageDocument[] = [];
    for (const message of messages) {
      const doc: MessageDocument = { _id: newId(), eventId, ...message, readBy: [], read: false, createdAt: now };
      try {
        await this.model.create(doc);
        written.push(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return written;
  }

  /** The inbox's messages, newest first; `unreadBy` keeps those that account has not read. */
  page(inbox: Inbox, options: { unreadBy?: string }, page: PageRequest): Promise<Page<MessageDocument>> {
    const filter = { to: { $in: [...inbox] }, ...(options.unreadBy ? { readBy: { $ne: options.unreadBy } } : {}) };
    return keysetPage(this.model, filter, page, { order: 'descending' });
  }

  unreadCount(inbox: Inbox, reader: string): Promise<number> {
    return this.model.countDocuments({ to: { $in: [...inbox] }, readBy: { $ne: reader } });
  }

  /** Messages of the inbox written after `afterId`, oldest first (a stream catching up), at most `limit`. */
  after(inbox: Inbox, afterId: string, limit: number): Promise<MessageDocument[]> {
    return this.model
      .find({ to: { $in: [...inbox] }, _id: { $gt: afterId } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<MessageDocument[]>();
  }

  /** Marks one of the inbox's messages read by `reader`; MESSAGE_NOT_FOUND if the inbox has no such message. */
  async markRead(inbox: Inbox, id: string, reader: string): Promise<MessageDocument> {
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, to: { $in: [...inbox] } },
        { $addToSet: { readBy: reader }, $set: { read: true } },
        { returnDocument: 'after' },
      )
      .lean<MessageDocument>();
    if (!updated) throw new AppError('MESSAGE_NOT_FOUND');
    return updated;
  }

  /** Marks every unread message of the inbox read by `reader`; how many it marked. */
  async markAllRead(inbox: Inbox, reader: string): Promise<number> {
    const result = await this.model.updateMany(
      { to: { $in: [...inbox] }, readBy: { $ne: reader } },
      { $addToSet: { readBy: reader }, $set: { read: true } },
    );
    return result.modifiedCount;
  }

  /** For the retention sweep: removes messages read by someone and written before `before`; how many. */
  async removeReadBefore(before: Date): Promise<number> {
    const result = await this.model.deleteMany({ read: true, createdAt: { $lt: before } });
    return result.deletedCount;
  }
}
