import { describe, expect, it } from 'vitest';
import { serverSentEvents, type ServerSentEvent } from '../../src/api/messages';

/** A body that arrives in the given pieces, as a network delivers it. */
const bodyOf = (...pieces: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
      controller.close();
    },
  });

async function all(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of serverSentEvents(body)) events.push(event);
  return events;
}

describe('reading a message stream', () => {
  it('reads events split anywhere by the network, skips heartbeats, and keeps ids', async () => {
    const text =
      'event: unread\ndata: {"unread":2}\nretry: 3000\n\n: heartbeat\n\nid: m1\nevent: message\ndata: {"title":"请分配团支部"}\n\n';
    // Cut inside a Chinese character and inside the blank line that ends an event.
    const bytes = new TextEncoder().encode(text);
    const cut = [7, 40, bytes.findIndex((b) => b >= 0xe0) + 1, bytes.length - 1];
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const at of [...cut, bytes.length]) {
      pieces.push(bytes.slice(from, at));
      from = at;
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    });
    expect(await all(body)).toEqual([
      { event: 'unread', data: '{"unread":2}' },
      { event: 'message', id: 'm1', data: '{"title":"请分配团支部"}' },
    ]);
  });

  it('joins data lines, defaults the event name, and reads CRLF line ends', async () => {
    expect(await all(bodyOf('data: a\r\ndata: b\r\n\r\n'))).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
