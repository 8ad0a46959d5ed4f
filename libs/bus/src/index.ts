export { Bus, type BusOptions } from './bus.js';
export type { BusLogger } from './logger.js';
export { createNamespace, type Namespace } from './namespace.js';
export {
  runConsumer,
  subscribe,
  type ConsumerOptions,
  type ConsumerRunner,
  type MessageContext,
  type Subscription,
} from './consumer.js';
export { request, serve, type CommandServer } from './request-reply.js';
export { PermanentError, CommandUnavailableError, CommandFailedError } from './errors.js';
export { storeUnreachable, unavailableDependency, type Dependency } from './dependency-errors.js';
export { currentTraceparent } from './trace-headers.js';
export {
  notifyOutboxWrite,
  outboxFields,
  outboxPlugin,
  pushEvents,
  toOutboxEntries,
  type OutboxEntry,
} from './outbox/outbox.plugin.js';
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { publishOutboxNow } from './outbox/publish-now.js';
export {
  finishOutboxBatch,
  OutboxBatches,
  outboxBatchSchema,
  sweepOutboxBatches,
  type OutboxBatch,
} from './outbox/outbox-batch.js';
export { runBatchConsumer, type BatchConsumerOptions, type BatchConsumerRunner } from './batch-consumer.js';
export {
  applyOrgSnapshot,
  orgProjectionModel,
  startOrgProjection,
  type OrgProjection,
  type ProjectedOrg,
} from './projections/org-projection.js';
export { bulkWriteInChunks, statementsPerCommand } from './mongo/bulk-write.js';
export { isDuplicateKeyError } from './mongo/duplicate-key.js';
export { upsertIfNewer } from './mongo/upsert-if-newer.js';
