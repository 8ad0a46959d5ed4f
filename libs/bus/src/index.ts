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
export { runBatchConsumer, type BatchConsumerOptions, type BatchConsumerRunner } from './batch-consumer.js';
