import { Schema, type Connection, type Model } from 'mongoose';
import { MESSAGE_KINDS, type MessageKind } from '@zhtj/contracts';

export interface MessageDocument {
  /** UUIDv7: time-ordered, so pages (newest first) and a stream's Last-Event-ID are by `_id`. */
  _id: string;
  /** The event it was made from: with `to`, unique — a redelivered or replayed event makes no second message. */
  eventId: string;
  /** `org:<id>` (that org's admins, whoever they are when they read) or `account:<id>`. */
  to: string;
  kind: MessageKind;
  title: string;
  body: string;
  link: string;
  /** The accounts that have read it (an org's message has a reading per admin). */
  readBy: string[];
  /** Read by someone: the retention sweep removes such messages once old. */
  read: boolean;
  createdAt: Date;
}

const schema = new Schema<MessageDocument>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    to: { type: String, required: true },
    kind: { type: String, required: true, enum: [...MESSAGE_KINDS] },
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, required: true },
    readBy: { type: [String], default: [] },
    read: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ eventId: 1, to: 1 }, { unique: true });
schema.index({ to: 1, _id: -1 });
schema.index({ read: 1, createdAt: 1 });

export function messageModel(connection: Connection): Model<MessageDocument> {
  return connection.models.Message ?? connection.model<MessageDocument>('Message', schema, 'messages');
}
