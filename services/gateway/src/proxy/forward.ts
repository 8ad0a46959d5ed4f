import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { request } from 'undici';
import { upstreamAgent } from '../upstream-agent.js';
import { webStreamOf } from './web-stream.js';

/** Headers that belong to one connection, never forwarded either way (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  // Services answer uncompressed to the gateway; whatever compresses does it at the edge.
  'accept-encoding',
]);

/** An answer up to this size is read whole and sent in one write; a larger one (a workbook) streams. */
const WHOLE_BODY_BYTES = 1024 * 1024;

export interface ForwardRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body: ReadableStream<Uint8Array> | null;
  signal: AbortSignal;
  /** Set on the answer too (the gateway's rate-limit headers). */
  responseHeaders?: Record<string, string>;
  /** How long the service may take to answer its headers (else the signal's deadline bounds all). */
  headersTimeoutMs?: number;
  /** A body with no time limit and never read whole (server-sent events): it streams as it comes. */
  unbounded?: boolean;
}

/**
 * Sends one request on to a service and turns its answer into the gateway's response. undici's
 * `request`, not `fetch`: the gateway spent more CPU building fetch's Request, Headers and
 * Response objects than on anything else (bench/results/gateway.md). Hop-by-hop headers are
 * dropped both ways; request bodies (an upload) stream through, as do large answers.
 */
export async function forward(target: URL, init: ForwardRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  }
  const answer = await request(target, {
    method: init.method as never,
    headers,
    body: init.body ? Readable.fromWeb(init.body as WebReadableStream<Uint8Array>) : null,
    signal: init.signal,
    dispatcher: upstreamAgent,
    ...(init.headersTimeoutMs !== undefined ? { headersTimeout: init.headersTimeoutMs } : {}),
    ...(init.unbounded ? { bodyTimeout: 0 } : {}),
  });

  // A plain header object and a Uint8Array body: @hono/node-server writes such a response
  // straight to the socket, without building a WHATWG Response (node:http takes arrays for
  // repeated headers).
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value;
  }
  Object.assign(responseHeaders, init.responseHeaders);
  const length = Number(answer.headers['content-length']);
  const bodiless = init.method === 'HEAD' || answer.statusCode === 204 || answer.statusCode === 304;
  let body: Uint8Array | ReadableStream<Uint8Array> | null = null;
  if (bodiless) {
    await answer.body.dump();
  } else if (!init.unbounded && Number.isFinite(length) && length <= WHOLE_BODY_BYTES) {
    body = new Uint8Array(await answer.body.arrayBuffer());
  } else {
    body = webStreamOf(answer.body);
  }
  return new Response(body as ConstructorParameters<typeof Response>[0], {
    status: answer.statusCode,
    headers: responseHeaders as Record<string, string>,
  });
}
