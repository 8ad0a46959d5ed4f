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
