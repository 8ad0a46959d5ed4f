import mongoose, { type Connection, type Schema, type SchemaOptions } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key.js';
import { currentBudget } from '../request-budget.js';

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

/** The pool on a FerretDB built by the testkit (MONGO_POOL_SIZE overrides); MongoDB's driver default otherwise. */
export const FERRETDB_POOL_SIZE = 8;

/**
 * Opens the service's own database; models are made on it (`connection.model(...)`), never on
 * the mongoose default, so tests can run several at once. `poolSize` (MONGO_POOL_SIZE) bounds
 * the connections: by default the driver's 100 on MongoDB, 8 on the testkit's FerretDB.
 */
export async function connectMongo(options: { url: string; database: string; poolSize?: number }): Promise<Connection> {
  // While the connection is down mongoose holds commands back; give up (503) before the gateway
  // gives up on the request (10 s), as with server selection below.
  mongoose.set('bufferTimeoutMS', 4000);
  if (!boundedReads) {
    mongoose.plugin(boundReadsByBudget);
    boundedReads = true;
  }
  const open = (maxPoolSize: number) =>
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
        maxPoolSize,
        minPoolSize: 1,
      })
      .asPromise();
  const first = await open(options.poolSize ?? 100);
  const store = await storeKind(first);
  // A FerretDB as released applies a conditional update as read-then-write, so two connections
  // racing on one document can both "win" a version check or lose a $inc; it serves one
  // connection's requests in order, so one connection keeps updates atomic within the process.
  // The testkit's build makes them atomic in the server (libs/testkit/patches/ferretdb).
  const size = store === 'ferretdb' ? 1 : (options.poolSize ?? (store === 'mongodb' ? 100 : FERRETDB_POOL_SIZE));
  if (size === (options.poolSize ?? 100)) {
    poolSizes.set(first, size);
    return first;
  }
  await first.close();
  const sized = await open(size);
  poolSizes.set(sized, size);
  return sized;
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

/**
 * What serves the connection: MongoDB, FerretDB as the testkit builds it (its version carries
 * `-zhtj`: conditional writes atomic, list pages pushed down), or another FerretDB.
 */
export async function storeKind(connection: Connection): Promise<'mongodb' | 'ferretdb-patched' | 'ferretdb'> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  if (typeof info.ferretdbVersion !== 'string') return 'mongodb';
  return info.ferretdbVersion.includes('-zhtj') ? 'ferretdb-patched' : 'ferretdb';
}

/** True when the server is FerretDB (it says so in buildInfo). */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  return (await storeKind(connection)) !== 'mongodb';
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

// One detection of a duplicate key, beside the other Mongo helpers of libs/bus.
export { isDuplicateKeyError } from './duplicate-key.js';

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
