import { runService, serviceTokenVerifier, startPeriodic, together } from '@zhtj/service-kit';
import { startOrgProjection } from '@zhtj/store';
import { createApp } from './app.js';
import { composeStatistics } from './compose.js';
import { configSchema } from './config.js';
import { startSubscriptions } from './events/subscriptions.js';

await runService({
  name: 'statistics',
  configSchema,
  async start({ app, config, mongo, bus, redis, logger }) {
    const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'statistics-org-tree' });
    const deps = await composeStatistics(mongo, {
      orgs,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
    });
    app.route('/', createApp(deps));
    const consumers = await startSubscriptions(bus, deps.writer);
    const ageBands = startPeriodic(
      () => deps.writer.sweepAgeBands(),
      config.AGE_SWEEP_INTERVAL_MS,
      (err) => logger.warn({ err }, 'moving members to their new age band failed; retrying'),
    );
    return { running: [orgs, ageBands, together(consumers)] };
  },
});
