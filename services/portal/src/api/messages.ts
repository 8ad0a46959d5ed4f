import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, authedFetch, refreshAccessToken, unwrap } from './client';

/** GET /messages/unread-count: the header's badge. The live stream keeps it current. */
export const unreadMessagesQuery = () =>
  queryOptions({
    queryKey: ['messages', 'unread'],
    queryFn: () => unwrap(api.GET('/api/v1/messages/unread-count')),
  });

export interface ServerSentEvent {
  event: string;
  id?: string;
  data: string;
}

/** The events of a text/event-stream body (comments, the heartbeats, are skipped). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: ServerSentEvent = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = value;
        else if (field === 'id') event.id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0 || event.id) yield { ...event, data: data.join('\n') };
    }
  }
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Keeps the signed-in page's messages live: reads GET /messages/stream (with fetch — EventSource
 * cannot send the access token), puts each unread count into the badge's query, and refreshes the
 * message list and the home page's to-do counts when a message comes. When the stream ends (the
 * server's limit, a token that stopped verifying, the network) it reconnects with Last-Event-ID,
 * waiting longer after each failure, up to 30 s.
 */
export function useLiveMessages(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let lastEventId: string | undefined;
    let delay = 1000;
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          const res = await authedFetch('/api/v1/messages/stream', {
            headers: lastEventId ? { 'last-event-id': lastEventId } : {},
            signal: controller.signal,
          });
          if (res.ok && res.body) {
            delay = 1000;
            for await (const event of serverSentEvents(res.body)) {
              if (event.event === 'unread') queryClient.setQueryData(unreadMessagesQuery().queryKey, JSON.parse(event.data));
              else if (event.event === 'message') {
                if (event.id) lastEventId = event.id;
                void queryClient.invalidateQueries({ queryKey: ['messages', 'list'] });
                void queryClient.invalidateQueries({ queryKey: ['me'] });
              } else if (event.event === 'reauthenticate') {
                await refreshAccessToken();
                break;
              }
            }
          }
        } catch {
          // Aborted (the page went away) or the network failed: the loop decides.
        }
        if (controller.signal.aborted) return;
        await wait(delay, controller.signal);
        delay = Math.min(delay * 2, 30_000);
      }
    })();
    return () => controller.abort();
  }, [enabled, queryClient]);
}
