import mongoose, { type Connection, type SchemaOptions } from 'mongoose';

/**
 * Opens the service's own database. One connection per service; models are made on it
 * (`connection.model(...)`), never on the mongoose default, so tests can run several at once.
 */
export async function connectMongo(options: { url: string; database: string }): Promise<Connection> {
  const connection = mongoose.createConnection(options.url, {
    dbName: options.database,
    serverSelectionTimeoutMS: 10_000,
    // FerretDB and a standalone MongoDB have no retryable writes; a replica set does, and the
    // driver then retries once on a failover.
    retryWrites: /replicaSet=/.test(options.url),
    autoIndex: true,
  });
  return connection.asPromise();
}

/** A unique index refused a write; `keyValue` says which value clashed. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  constructor(
    readonly keyPattern: Record<string, unknown>,
    readonly keyValue: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(`duplicate key on ${Object.keys(keyPattern).join(', ') || 'unique index'}`, options);
  }

  /** Field names of the index that refused the write. */
  get fields(): string[] {
    return Object.keys(this.keyPattern);
  }
}

/** True for MongoDB's E11000 (also as FerretDB reports it). */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/**
 * Turns the driver's duplicate-key error into a DuplicateKeyError and passes anything else
 * through, so repositories can `catch` by type.
 *
 * @example
 * await Member.create(doc).catch(rethrowDuplicateKey);
 */
export function rethrowDuplicateKey(error: unknown): never {
  if (isDuplicateKeyError(error)) {
    const e = error as { keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown>; message?: string };
    throw new DuplicateKeyError(e.keyPattern ?? keyPatternFromMessage(e.message), e.keyValue ?? {}, { cause: error });
  }
  throw error;
}

// Some servers (FerretDB among them) leave keyPattern out; the index name is in the message.
function keyPatternFromMessage(message: string | undefined): Record<string, unknown> {
  const index = /index: (\S+)/.exec(message ?? '')?.[1];
  if (!index) return {};
  const fields = index.replace(/_-?1(?=_|$)/g, '').split('_').filter(Boolean);
  return Object.fromEntries(fields.map((f) => [f, 1]));
}

/**
 * Schema options every aggregate shares: string ids (UUIDv7), timestamps, and JSON without
 * `_id`, `__v` or the outbox.
 */
export const baseSchemaOptions = {
  timestamps: true,
  versionKey: false,
  toJSON: {
    virtuals: false,
    transform: (_doc: unknown, ret: Record<string, unknown>) => {
      ret.id = ret._id;
      delete ret._id;
      delete ret.outbox;
      delete ret.outboxLock;
      return ret;
    },
  },
} satisfies SchemaOptions;
