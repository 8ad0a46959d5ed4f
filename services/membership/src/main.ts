import { runService, serviceTokenVerifier, together } from '@zhtj/service-kit';
import { startOrgProjection, startOutboxRelay } from '@zhtj/store';
import { createApp } from './app.js';
import { composeMembership } from './compose.js';
import { configSchema } from './config.js';
import { startBatchSweeper, startIdentityChecks } from './events/background.js';
import { serveCommands } from './events/commands.js';
import { runTransferConsumer } from './events/subscriptions.js';

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
    const batchSweeper = startBatchSweeper(deps, logger);
    const identityChecks = startIdentityChecks(deps, config.IDENTITY_CHECK_INTERVAL_MS, logger);
    return { running: [relay, orgs, batchSweeper, identityChecks, transfers, together(commands)] };
  },
});
