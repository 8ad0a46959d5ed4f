import { runService, serviceTokenVerifier, startPeriodic, together } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeMembership } from './compose.js';
import { configSchema } from './config.js';
import { serveCommands, sweepAbandonedBatches } from './events/commands.js';
import { runTransferConsumer } from './events/subscriptions.js';
import { checkIdentities, formIdentityVerifier, sweepIdentityCheckBatches } from './usecases/identity-checks.js';
import { startOrgProjection, startOutboxRelay } from '@zhtj/store';

await runService({
  name: 'membership',
  configSchema,
  async start({ app, config, mongo, bus, logger, redis }) {
    const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'membership-orgs' });
    const deps = await composeMembership(mongo, {
      orgs,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
      bus,
    });
    app.route('/', createApp(deps));
    const commands = serveCommands(bus, deps);
    const transfers = await runTransferConsumer(bus, deps);
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    const batchSweeper = startPeriodic(
      () => sweepAbandonedBatches(deps, 10 * 60_000),
      60_000,
      (err) => logger.warn({ err }, 'sweeping abandoned import batches failed; retrying'),
    );
    const identityChecks = startPeriodic(
      async () => {
        const settled = await checkIdentities(deps, formIdentityVerifier);
        await sweepIdentityCheckBatches(deps, 10 * 60_000);
        return settled;
      },
      config.IDENTITY_CHECK_INTERVAL_MS,
      (err) => logger.warn({ err }, 'real-name checks failed; retrying'),
    );
    return { running: [relay, orgs, batchSweeper, identityChecks, transfers, together(commands)] };
  },
});
