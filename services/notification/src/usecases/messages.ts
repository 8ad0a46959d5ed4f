import type { MessageView } from '@zhtj/contracts';
import type { Caller } from '@zhtj/service-kit';
import type { PageRequest } from '@zhtj/store';
import { inboxOf, recipientOf } from '../domain/inbox.js';
import type { MessageDocument } from '../store/message.model.js';
import type { MessageRepository } from '../store/message.repository.js';

export interface MessagesDependencies {
  messages: MessageRepository;
}

export function toMessageView(m: MessageDocument, reader: string): MessageView {
  return {
    id: m._id,
    kind: m.kind,
    title: m.title,
    body: m.body,
    link: m.link,
    to: recipientOf(m.to),
    read: m.readBy.includes(reader),
    createdAt: new Date(m.createdAt).toISOString(),
  };
}

export async function listMessages(
  deps: MessagesDependencies,
  caller: Caller,
  query: PageRequest & { unread?: 'true' | 'false' },
) {
  const page = await deps.messages.page(inboxOf(caller), query.unread === 'true' ? { unreadBy: caller.accountId } : {}, query);
  return { items: page.items.map((m) => toMessageView(m, caller.accountId)), nextCursor: page.nextCursor };
}

export async function unreadCount(deps: MessagesDependencies, caller: Caller) {
  return { unread: await deps.messages.unreadCount(inboxOf(caller), caller.accountId) };
}

export async function markRead(deps: MessagesDependencies, caller: Caller, id: string) {
  return toMessageView(await deps.messages.markRead(inboxOf(caller), id, caller.accountId), caller.accountId);
}

export async function markAllRead(deps: MessagesDependencies, caller: Caller) {
  return { marked: await deps.messages.markAllRead(inboxOf(caller), caller.accountId) };
}
