import type { Readable } from 'node:stream';

/**
 * A service's answer body (undici's BodyReadable) as a web stream, read only when the client's
 * side asks for more. Not `Readable.toWeb`: on Node 20 its adapter pushes every 'data' event
 * into the stream, and when an undici body ended early (a browser leaving a page while its
 * scripts load) a 'data' event after the end threw "Controller is already closed" outside any
 * handler — and took the gateway down (seen in the portal's browser journeys). Pulling from the
 * body's async iterator cannot enqueue after the stream is closed, and a cancel destroys the body.
 */
export function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      body.destroy();
      await chunks.return?.().catch(() => undefined);
    },
  });
}
