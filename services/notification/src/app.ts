import { Hono } from 'hono';
import type { AuthEnv } from '@zhtj/service-kit';
import { messageRoutes, type MessageRoutesDependencies } from './routes/messages.routes.js';

export type AppDependencies = MessageRoutesDependencies;

/** The notification service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  return new Hono<AuthEnv>().route('/messages', messageRoutes(deps));
}
