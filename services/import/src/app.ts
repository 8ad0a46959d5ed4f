import { Hono } from 'hono';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { importJobRoutes, orgImportRoutes } from './routes/import.routes.js';
import { templateRoutes } from './routes/template.routes.js';
import type { FileStore } from './store/file-store.js';
import type { ImportFailureRepository } from './store/import-failure.repository.js';
import type { ImportJobRepository } from './store/import-job.repository.js';
import type { OrgProjection, OutboxModels } from '@zhtj/store';

export interface AppDependencies {
  orgs: OrgProjection;
  jobs: ImportJobRepository;
  uploads: FileStore;
  reports: FileStore;
  /** Failed rows, for the masked failure workbook made on request. */
  failures: ImportFailureRepository;
  /** The collections whose documents carry an outbox, for the relay. */
  outboxes: OutboxModels;
  verifyToken: TokenVerifier;
  limits: { maxFileBytes: number; maxExpandedBytes: number };
}

/** The import service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.route('/', templateRoutes());
  const auth = requireAuth(deps.verifyToken);
  app.use('/orgs/*', auth);
  app.use('/imports/*', async (c, next) => (c.req.path === '/imports/template' ? next() : auth(c, next)));
  app.route('/orgs', orgImportRoutes(deps));
  app.route('/imports', importJobRoutes(deps));
  return app;
}
