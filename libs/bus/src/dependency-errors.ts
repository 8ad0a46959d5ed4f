/** A backing server a service depends on. */
export type Dependency = 'mongo' | 'redis' | 'nats';

const MONGO_UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/**
 * Which backing server an error says is unreachable, if it says so: the driver's own error kinds
 * (a network error, no server to select, a closed pool; mongoose giving up on a buffered command),
 * ioredis giving up or finding its connection closed, NATS disconnected or not answering. Such a
 * request is answered 503 naming the service, never 500: nothing is wrong with the request, and
 * the caller may retry.
 */
export function unavailableDependency(error: unknown): Dependency | undefined {
  for (
    let e = error as { name?: string; message?: string; code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth += 1
  ) {
    const name = e.name ?? '';
    const message = e.message ?? '';
    if (MONGO_UNAVAILABLE.has(name)) return 'mongo';
    if (name === 'MongooseError' && /buffering timed out|Client must be connected|connection .* closed/i.test(message))
      return 'mongo';
    if (/^Mongo/.test(name) && typeof e.code === 'string' && SOCKET_CODES.has(e.code)) return 'mongo';
    if (name === 'MaxRetriesPerRequestError') return 'redis';
    if (/^(Connection is closed|Stream isn't writeable|Reached the max retries per request)/.test(message)) return 'redis';
    if (
      name === 'NatsError' &&
      ['CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', 'TIMEOUT', '503'].includes(String(e.code))
    )
      return 'nats';
  }
  return undefined;
}

/** The driver's kinds for a client its own process closed or never connected: not an outage. */
const MONGO_CLIENT_CLOSED = new Set(['MongoNotConnectedError', 'MongoTopologyClosedError']);

/**
 * Whether an error says the store's server is unreachable right now (no server to select, a
 * network error, a cleared pool, mongoose's buffered command timing out) — an outage that may end,
 * so a consumer holds its message and tries again in place. A client closed by its own process
 * ("Client must be connected", a closed topology) is not: that process is stopping, and its
 * messages go back to the stream for another replica.
 */
export function storeUnreachable(error: unknown): boolean {
  if (unavailableDependency(error) !== 'mongo') return false;
  for (
    let e = error as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth += 1
  ) {
    if (MONGO_CLIENT_CLOSED.has(e.name ?? '')) return false;
    if (/Client must be connected/i.test(e.message ?? '')) return false;
  }
  return true;
}
