import type { Connection } from 'mongoose';
import type { OrgProjection } from '@zhtj/bus';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { gridFsStore } from './store/file-store.js';
import { importFailureModel } from './store/import-failure.model.js';
import { importJobModel } from './store/import-job.model.js';

/** The import service's stores on a connection, shared by the API and the workers. */
export async function composeImportStores(mongo: Connection) {
  const jobs = importJobModel(mongo);
  const failures = importFailureModel(mongo);
  await Promise.all([jobs.init(), failures.init()]);
  return { jobs, failures, uploads: gridFsStore(mongo, 'uploads'), reports: gridFsStore(mongo, 'reports') };
}

export async function composeImportApi(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; limits: AppDependencies['limits'] },
): Promise<AppDependencies> {
  const { jobs, uploads, reports, failures } = await composeImportStores(mongo);
  return { jobs, uploads, reports, failures, ...options };
}
