import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { messageListQuery, newId } from '@zhtj/contracts';
import { idParam, readQuery, requireAuth, type AuthEnv, type Caller, type TokenVerifier } from '@zhtj/service-kit';
import { withoutBudget } from '@zhtj/store';
import { inboxOf } from '../domain/inbox.js';
import type { LiveMessages } from '../live/live-messages.js';
import {
  listMessages,
  markAllRead,
  markRead,
  toMessageView,
  unreadCount,
  type MessagesDependencies,
} from '../usecases/messages.js';

export interface StreamSettings {
  /** A comment line this often keeps proxies from closing an idle stream; the token is checked again then. */
  heartbeatMs: number;
  /** A stream ends after this long and the browser reconnects (with Last-Event-ID), authorized afresh. */
  maxStreamMs: number;
}

export type MessageRoutesDependencies = MessagesDependencies & {
  verifyToken: TokenVerifier;
  live: LiveMessages;
  stream: StreamSettings;
};

/** A Last-Event-ID is one of our ids (UUIDv7), or it is ignored. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CATCH_UP_BATCH = 100;

export function messageRoutes(deps: MessageRoutesDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', requireAuth(deps.verifyToken));
  app.get('/', async (c) => c.json(await listMessages(deps, c.get('caller'), readQuery(c, messageListQuery))));
  app.get('/unread-count', async (c) => c.json(await unreadCount(deps, c.get('caller'))));
  app.post('/read-all', async (c) => c.json(await markAllRead(deps, c.get('caller'))));
  app.post('/:id/read', async (c) => c.json(await markRead(deps, c.get('caller'), idParam(c, 'MESSAGE_NOT_FOUND'))));
  app.get('/stream', (c) => {
    const caller = c.get('caller');
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer /, '');
    const lastEventId = c.req.header('last-event-id')?.trim().toLowerCase();
    c.header('cache-control', 'no-store');
    // Tells nginx-style proxies not to buffer the stream.
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, (stream) =>
      withoutBudget(() =>
        streamMessages(deps, caller, token, lastEventId && EVENT_ID.test(lastEventId) ? lastEventId : undefined, stream),
      ),
    );
  });
  return app;
}

type SSEStream = Parameters<Parameters<typeof streamSSE>[1]>[0];

/**
 * The caller's inbox as server-sent events: `unread` (the count) first, then each new message as
 * a `message` event whose id is the message's (a reconnect with Last-Event-ID gets what it
 * missed), a heartbeat comment while nothing happens. The stream ends when the caller's token
 * stops verifying (expired, revoked: their authority changed), after `maxStreamMs`, or when the
 * service stops.
 */
async function streamMessages(
  deps: MessageRoutesDependencies,
  caller: Caller,
  token: string,
  lastEventId: string | undefined,
  stream: SSEStream,
): Promise<void> {
  const inbox = inboxOf(caller);
  // Without Last-Event-ID the page has just read the list: the stream goes on from now.
  let last = lastEventId ?? newId();
  let pending = lastEventId !== undefined;
  let wake: (() => void) | undefined;
  let closed = false;
  const stopListening = deps.live.listen(inbox, {
    news: () => {
      pending = true;
      wake?.();
    },
    end: () => {
      closed = true;
      wake?.();
    },
  });
  stream.onAbort(() => {
    closed = true;
    wake?.();
  });
  const endsAt = Date.now() + deps.stream.maxStreamMs;
  try {
    await stream.writeSSE({ event: 'unread', data: JSON.stringify(await unreadCount(deps, caller)), retry: 3000 });
    while (!closed && Date.now() < endsAt) {
      if (pending) {
        pending = false;
        const news = await deps.messages.after(inbox, last, CATCH_UP_BATCH);
        for (const message of news) {
          await stream.writeSSE({
            id: message._id,
            event: 'message',
            data: JSON.stringify(toMessageView(message, caller.accountId)),
          });
          last = message._id;
        }
        if (news.length === CATCH_UP_BATCH) pending = true;
        if (news.length > 0) await stream.writeSSE({ event: 'unread', data: JSON.stringify(await unreadCount(deps, caller)) });
        continue;
      }
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.min(deps.stream.heartbeatMs, Math.max(0, endsAt - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = undefined;
      if (woken || closed) continue;
      if (!(await stillValid(deps.verifyToken, token))) {
        await stream.writeSSE({ event: 'reauthenticate', data: '{}' });
        break;
      }
      await stream.write(': heartbeat\n\n');
    }
  } finally {
    stopListening();
  }
}

async function stillValid(verify: TokenVerifier, token: string): Promise<boolean> {
  try {
    await verify(token);
    return true;
  } catch {
    return false;
  }
}
