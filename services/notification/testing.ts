/**
 * notification for other teams' tests and benchmarks (`@zhtj/notification/testing`): its config
 * schema and the harness that runs it on real servers. Resolved only under the `development`
 * condition; nothing else outside this service imports its src or its tests.
 */
export { configSchema } from './src/config.js';
export { startNotification, type NotificationHarness } from './test/harness.js';
