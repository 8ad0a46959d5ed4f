import { Hono } from 'hono';

// The membership service's routes; it has no I/O of its own, so tests call app.request().
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppDependencies {}

export function createApp(_deps: AppDependencies): Hono {
  return new Hono();
}
