import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { gridFsStore } from './store/file-store.js';
import { importFailureModel } from './store/import-failure.model.js';
import { ImportFailureRepository } from './store/import-failure.repository.js';
import { importJobModel } from './store/import-job.model.js';
import { ImportJobRepository } from './store/import-job.repository.js';
import type { OrgProjection } from '@zhtj/store';

/** The import service's stores on a connection, shared by the API and the workers. */
export async function composeImportStores(mongo: Connection) {
  const jobs = importJobModel(mongo);
  const failures = importFailureModel(mongo);
  await Promise.all([jobs.init(), failures.init()]);
  return {
    jobs: new ImportJobRepository(jobs),
    failures: new ImportFailureRepository(failures),
    uploads: gridFsStore(mongo, 'uploads'),
    reports: gridFsStore(mongo, 'reports'),
    /** The collections whose documents carry an outbox, for the relay. */
    outboxes: [jobs],
  };
}

export async function composeImportApi(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; limits: AppDependencies['limits'] },
): Promise<AppDependencies> {
  const { jobs, uploads, reports, failures, outboxes } = await composeImportStores(mongo);
  return { jobs, uploads, reports, failures, outboxes, ...options };
}
