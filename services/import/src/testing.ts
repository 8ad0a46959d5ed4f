/**
 * import for benchmarks and other teams' tests (`@zhtj/import/testing`): its API to run in their
 * process, and its collections to watch jobs as stored. Nothing else outside this service imports
 * its src.
 */
import type { Connection, Model } from 'mongoose';
import { importJobModel, type ImportJobDocument } from './store/import-job.model.js';

export { createApp, type AppDependencies } from './app.js';
export { composeImportApi } from './compose.js';
export type { ImportJobDocument };

/** import's jobs as stored, for watching their progress. */
export function importCollections(connection: Connection): { jobs: Model<ImportJobDocument> } {
  return { jobs: importJobModel(connection) };
}
