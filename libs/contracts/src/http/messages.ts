import { z } from 'zod';
import { pageLimit, pageOf } from '../common.js';

/**
 * In-site messages (站内消息): what the notification service tells an org's admins (so a new admin
 * sees the org's open items) or one account. Each is made from an event, once.
 */
export const MESSAGE_KINDS = [
  'transfer.awaiting_approval',
  'transfer.awaiting_assignment',
  'transfer.approved',
  'transfer.rejected',
  'transfer.completed',
  'transfer.expired',
  'transfer.failed',
  'import.finished',
  'org.admin_registered',
  'org.change_awaiting_approval',
  'org.change_decided',
  'member.change_awaiting_approval',
  'member.change_decided',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const messageListQuery = z
  .object({
    /** `true`: only the messages the caller has not read. */
    unread: z.enum(['true', 'false']).optional(),
    cursor: z.string().max(200).optional(),
    limit: pageLimit,
  })
  .strict();

export const messageView = z.object({
  id: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  title: z.string(),
  body: z.string(),
  /** The portal page the message is about (a path within the portal). */
  link: z.string(),
  /** Whom it was addressed to: an org's admins, or one account. */
  to: z.union([z.object({ orgId: z.string() }), z.object({ accountId: z.string() })]),
  read: z.boolean(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageView>;

/** Newest first. */
export const messagePage = pageOf(messageView);
export const unreadCountView = z.object({ unread: z.number().int().min(0) });
export const readAllView = z.object({ marked: z.number().int().min(0) });
