import mongoose, { type Connection, type Schema, type SchemaOptions } from 'mongoose';
import { currentBudget } from './http/request-budget.js';

/** A read started for a request whose caller has already stopped waiting: not worth running. */
export class DeadlinePassedError extends Error {
  override readonly name = 'DeadlinePassedError';
}

/**
 * Bounds every read made while handling a request by the request's budget: MongoDB (and
 * FerretDB) stop a query at its maxTimeMS, so a list its caller gave up on does not run on; one
 * whose budget is already spent is not sent at all.
 */
function boundReadsByBudget(schema: Schema): void {
  const remaining = () => {
    const budget = currentBudget();
    if (!budget) return undefined;
    const left = budget.deadline - Date.now();
    if (left <= 0 || budget.signal.aborted) throw new DeadlinePassedError('the request’s deadline passed before the read');
    return left;
  };
  schema.pre(['find', 'findOne', 'countDocuments', 'distinct'], function () {
    const left = remaining();
    if (left !== undefined && this.getOptions().maxTimeMS === undefined) this.maxTimeMS(left);
  });
  schema.pre('aggregate', function () {
    const left = remaining();
    if (left !== undefined && this.options.maxTimeMS === undefined) this.option({ maxTimeMS: left });
  });
}
let boundedReads = false;

/** True for the server's answer to a query stopped at its maxTimeMS. */
export function isTimeLimitError(error: unknown): boolean {
  const e = error as { code?: number; codeName?: string } | null;
  return e?.code === 50 || e?.codeName === 'MaxTimeMSExpired';
}

/**
 * Opens the service's own database. One connection per service; models are made on it
 * (`connection.model(...)`), never on the mongoose default, so tests can run several at once.
 */
export async function connectMongo(options: { url: string; database: string }): Promise<Connection> {
  // While the connection is down mongoose holds commands back; give up (503) before the gateway
  // gives up on the request (10 s), as with server selection below.
  mongoose.set('bufferTimeoutMS', 4000);
  if (!boundedReads) {
    mongoose.plugin(boundReadsByBudget);
    boundedReads = true;
  }
  const open = (maxPoolSize?: number) =>
    mongoose
      .createConnection(options.url, {
        dbName: options.database,
        // Less than the gateway's 10 s per route: with the database away, a request is answered
        // 503 naming the service, not left for the gateway to time out.
        serverSelectionTimeoutMS: 5000,
        // FerretDB and a standalone MongoDB have no retryable writes; a replica set does, and the
        // driver then retries once on a failover.
        retryWrites: /replicaSet=/.test(options.url),
        autoIndex: true,
        ...(maxPoolSize ? { maxPoolSize, minPoolSize: 1 } : {}),
      })
      .asPromise();
  const connection = await open();
  if (!(await isFerretDb(connection))) {
    poolSizes.set(connection, 100); // the driver's default maxPoolSize
    return connection;
  }
  // FerretDB 1.24 applies a conditional update as read-then-write, so two connections racing on
  // one document can both "win" a version check or lose a $push. It serves one connection's
  // requests in order, so a single connection per process keeps every update atomic within the
  // process (dev and CI run one process per service; production runs MongoDB).
  await connection.close();
  const single = await open(1);
  poolSizes.set(single, 1);
  return single;
}

const poolSizes = new WeakMap<Connection, number>();

/**
 * How many operations the connection can have at the server at once. Requests beyond it wait in
 * the driver, where no request budget reaches them; a service sizes its own turns by it (see
 * runService) so that they wait where a budget can turn them away.
 */
export function storeConcurrency(connection: Connection): number {
  return poolSizes.get(connection) ?? 100;
}

/** True when the server is FerretDB (it says so in buildInfo). */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
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

/**
 * True for MongoDB's E11000. FerretDB 1.24 reports E11000 for inserts but an InternalError for an
 * update that breaks a unique index, with its backend's message (SQLite or PostgreSQL).
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; message?: string } | null;
  if (e?.code === 11000) return true;
  return e?.code === 1 && /UNIQUE constraint failed|duplicate key value violates unique constraint/.test(e.message ?? '');
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

// MongoDB names the index in the message when keyPattern is missing; FerretDB names neither,
// so there `fields` is empty and a caller with several unique indexes must check which one.
function keyPatternFromMessage(message: string | undefined): Record<string, unknown> {
  const index = /index: (\S+)/.exec(message ?? '')?.[1];
  if (!index) return {};
  const fields = index
    .replace(/_-?1(?=_|$)/g, '')
    .split('_')
    .filter(Boolean);
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
