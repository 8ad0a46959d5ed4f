import type { Hono } from 'hono';
import type { AuthEnv, TokenVerifier } from '@zhtj/service-kit';
import { transferRoutes } from './routes/transfers.routes.js';
import type { OutboxModels } from '@zhtj/store';
import type { TransferDependencies } from './usecases/request-transfer.js';

export type AppDependencies = TransferDependencies & {
  verifyToken: TokenVerifier;
  /** The collections whose documents carry an outbox, for the relay. */
  outboxes: OutboxModels;
};

/** The transfer service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  return transferRoutes(deps);
}
