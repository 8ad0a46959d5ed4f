/**
 * transfer for other teams' tests and benchmarks (`@zhtj/transfer/testing`): the harness that runs
 * transfer and membership together on real servers, and the expiry sweep to drive by hand.
 * Nothing else outside this service imports its src or its tests (the `zhtj/service-boundaries`
 * lint rule); it is resolved only under the `development` condition.
 */
export { configSchema } from './src/config.js';
export { expireTransfers } from './src/usecases/settle-transfer.js';
export { idNumberFor, startTransferAndMembership, type SagaHarness, type TestOrg } from './test/harness.js';
