import { Hono } from 'hono';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { orgChangeRequestRoutes } from './routes/org-change-requests.routes.js';
import { orgSearchRoutes } from './routes/org-search.routes.js';
import { orgRoutes, type OrgRoutesDependencies } from './routes/orgs.routes.js';
import type { OutboxModels } from '@zhtj/store';
import { registrationCodeRoutes, type RegistrationCodeRoutesDependencies } from './routes/registration-codes.routes.js';

export type AppDependencies = OrgRoutesDependencies &
  RegistrationCodeRoutesDependencies & {
    verifyToken: TokenVerifier;
    /** The collections whose documents carry an outbox, for the relay. */
    outboxes: OutboxModels;
  };

/** The organization service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // Every route but the org search needs a caller; the token is checked once per request.
  const auth = requireAuth(deps.verifyToken);
  app.use('/orgs/*', auth);
  app.use('/orgs', auth);
  app.use('/org-change-requests/*', auth);
  app.route('/orgs', registrationCodeRoutes(deps));
  app.route('/orgs', orgRoutes(deps));
  app.route('/org-change-requests', orgChangeRequestRoutes(deps));
  // Public: names and types of active orgs, for pages used before a login.
  app.route('/org-search', orgSearchRoutes(deps));
  return app;
}
