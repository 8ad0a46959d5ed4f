import { Hono } from 'hono';
import { templateRoutes } from './routes/template.routes.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppDependencies {}

/** The import service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(_deps: AppDependencies): Hono {
  const app = new Hono();
  app.route('/', templateRoutes());
  return app;
}
