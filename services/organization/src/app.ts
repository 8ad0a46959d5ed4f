import { Hono } from 'hono';
import { registrationCodeRoutes, type RegistrationCodeRoutesDependencies } from './routes/registration-codes.routes.js';

export type AppDependencies = RegistrationCodeRoutesDependencies;

/** The organization service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono {
  const app = new Hono();
  app.route('/orgs', registrationCodeRoutes(deps));
  return app;
}
