/**
 * statistics for other teams' tests and benchmarks (`@zhtj/statistics/testing`): its config
 * schema and the harness that runs it on real servers. Resolved only under the `development`
 * condition; nothing else outside this service imports its src or its tests.
 */
export { configSchema } from './src/config.js';
export { startStatistics, type StatisticsHarness } from './test/harness.js';
export { ageBand } from './src/domain/age-band.js';
export { memberCounters } from './src/domain/figures.js';
