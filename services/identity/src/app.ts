import { Hono } from 'hono';
import type { KeyRing } from './keys/key-ring.js';
import { authRoutes, type AuthRoutesDependencies } from './routes/auth.routes.js';
import { jwksRoutes } from './routes/jwks.routes.js';
import { resetCodeRoutes } from './routes/reset-code.routes.js';
import type { LocateMember } from './usecases/password-reset.js';

export interface AppDependencies extends AuthRoutesDependencies {
  keyRing: KeyRing;
  locateMember: LocateMember;
}

/** The identity service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono {
  const app = new Hono();
  app.route('/auth', authRoutes(deps));
  app.route('/.well-known', jwksRoutes(deps.keyRing));
  app.route('/members', resetCodeRoutes(deps));
  return app;
}
