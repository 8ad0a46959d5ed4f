export {
  baseSchemaOptions,
  connectMongo,
  DeadlinePassedError,
  DuplicateKeyError,
  FERRETDB_POOL_SIZE,
  isDuplicateKeyError,
  isFerretDb,
  isTimeLimitError,
  rethrowDuplicateKey,
  storeConcurrency,
  storeKind,
} from './mongo/connect.js';
export { currentBudget, withBudget, withoutBudget, type RequestBudget } from './request-budget.js';
export { encodeCursor, decodeCursor } from './cursor.js';
export { keysetPage, type KeysetPageOptions, type Page, type PageRequest } from './keyset-page.js';
export { bulkWriteInChunks, statementsPerCommand } from './mongo/bulk-write.js';
export { insertNew } from './mongo/insert-new.js';
export { upsertIfNewer } from './mongo/upsert-if-newer.js';
export {
  notifyOutboxWrite,
  outboxFields,
  outboxPlugin,
  pushEvents,
  toOutboxEntries,
  type OutboxEntry,
} from './outbox/outbox.plugin.js';
export { startOutboxRelay, type OutboxModels, type OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { publishOutboxNow } from './outbox/publish-now.js';
export {
  finishOutboxBatch,
  OutboxBatches,
  outboxBatchSchema,
  sweepOutboxBatches,
  type OutboxBatch,
} from './outbox/outbox-batch.js';
export {
  applyOrgSnapshot,
  orgProjectionModel,
  startOrgProjection,
  type OrgProjection,
  type ProjectedOrg,
} from './projections/org-projection.js';
export {
  appliedApprovalField,
  ChangeRequestRepositoryBase,
  changeRequestFields,
  type RequestStatusFilter,
} from './change-requests.js';
