/**
 * import for benchmarks and other teams' tests (`@zhtj/import/testing`): its API and worker to run
 * in their process, its test harness and workbook builders, and its collections to watch jobs as
 * stored. Nothing else outside this service imports its src or its tests (the
 * `zhtj/service-boundaries` lint rule); it is resolved only under the `development` condition.
 */
import type { Connection, Model } from 'mongoose';
import { importJobModel, type ImportJobDocument } from './src/store/import-job.model.js';

export { createApp, type AppDependencies } from './src/app.js';
export { composeImportApi } from './src/compose.js';
export { configSchema } from './src/config.js';
export { visitWorkbook } from './src/rows/sheet-reader.js';
export { IMPORT_WORKERS_DURABLE } from './src/worker/import-worker.js';
export { runImportJob } from './src/worker/run-import-job.js';
export { startImportHarness, type ImportHarness, type TestOrg } from './test/harness.js';
export { buildLargeWorkbook, buildWorkbook, memberRow } from './test/workbooks.js';
export type { ImportJobDocument };

/** import's jobs as stored, for watching their progress. */
export function importCollections(connection: Connection): { jobs: Model<ImportJobDocument> } {
  return { jobs: importJobModel(connection) };
}
