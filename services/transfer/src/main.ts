import { runService, serviceTokenVerifier, startPeriodic } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeTransfer } from './compose.js';
import { configSchema } from './config.js';
import { runMemberProjection } from './events/member-projection.js';
import { runSagaConsumer } from './events/subscriptions.js';
import { expireTransfers } from './usecases/settle-transfer.js';
import { startOrgProjection, startOutboxRelay } from '@zhtj/store';

await runService({
  name: 'transfer',
  configSchema,
  async start({ app, config, mongo, bus, logger, redis }) {
    const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'transfer-orgs' });
    const deps = await composeTransfer(mongo, {
      orgs,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
      ttlDays: config.TRANSFER_TTL_DAYS,
    });
    app.route('/', createApp(deps));
    const members = await runMemberProjection(bus, deps.members);
    const saga = await runSagaConsumer(bus, deps.transfers);
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    const sweeper = startPeriodic(
      () => expireTransfers(deps.transfers),
      config.EXPIRY_SWEEP_INTERVAL_MS,
      (err) => logger.warn({ err }, 'expiry sweep failed; retrying'),
    );
    return { running: [relay, orgs, members, saga, sweeper] };
  },
});
