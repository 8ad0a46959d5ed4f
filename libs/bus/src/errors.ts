/**
 * Thrown by a handler for a message that can never succeed (unreadable payload, a reference to
 * something that does not exist): it is dead-lettered at once instead of retried.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

/** A command's answer did not come in time, or no service answered it at all. */
export class CommandUnavailableError extends Error {
  override readonly name = 'CommandUnavailableError';
  constructor(
    readonly subject: string,
    readonly reason: 'timeout' | 'no_responders',
  ) {
    super(`no answer to ${subject}: ${reason}`);
  }
}

/** The serving side failed while handling a command. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}
