import { Hono } from 'hono';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { statisticsRoutes } from './routes/statistics.routes.js';
import type { StatisticsDependencies } from './usecases/read-statistics.js';

export type AppDependencies = StatisticsDependencies & { verifyToken: TokenVerifier };

/** The statistics service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/orgs/*', requireAuth(deps.verifyToken));
  return app.route('/orgs', statisticsRoutes(deps));
}
