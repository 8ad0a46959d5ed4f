import { Hono } from 'hono';
import type { Bus } from '@zhtj/bus';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { memberRoutes, orgMemberRoutes } from './routes/members.routes.js';
import type { CadreRepository } from './store/cadre.repository.js';
import type { DevelopmentNumbers } from './store/development-number.repository.js';
import type { IdentityCheckBatchDocument } from './store/identity-check-batch.model.js';
import type { MemberBatchDocument } from './store/member-batch.model.js';
import type { MemberChangeRequestRepository } from './store/member-change-request.repository.js';
import type { MemberRepository } from './store/member.repository.js';
import type { OrgProjection, OutboxBatches, OutboxModels } from '@zhtj/store';

export interface AppDependencies {
  members: MemberRepository;
  cadres: CadreRepository;
  changeRequests: MemberChangeRequestRepository;
  batches: OutboxBatches<MemberBatchDocument>;
  /** Passes of the background real-name check (usecases/identity-checks.ts). */
  checkBatches: OutboxBatches<IdentityCheckBatchDocument>;
  developmentNumbers: DevelopmentNumbers;
  /** Publishes bulk-written events at once (publishOutboxNow); without it the relay does. */
  bus?: Bus;
  orgs: OrgProjection;
  verifyToken: TokenVerifier;
  /** The collections whose documents carry an outbox, for the relay. */
  outboxes: OutboxModels;
}

/** The membership service's routes; no I/O of its own, so tests call app.request(). */
export function createApp(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps.verifyToken);
  app.use('/orgs/*', auth);
  app.use('/members/*', auth);
  app.use('/member-change-requests/*', auth);
  const { members, changeRequests } = memberRoutes(deps);
  app.route('/orgs', orgMemberRoutes(deps));
  app.route('/members', members);
  app.route('/member-change-requests', changeRequests);
  return app;
}
