import { runService, serviceTokenVerifier, startPeriodic, together } from '@zhtj/service-kit';
import { startOrgProjection } from '@zhtj/store';
import { createApp } from './app.js';
import { composeStatistics } from './compose.js';
import { configSchema } from './config.js';
import { startSubscriptions } from './events/subscriptions.js';
import { holdWriterLease } from './events/writer-lease.js';

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
    // Every replica serves reads; the one holding the lease writes (src/events/writer-lease.ts).
    const writing = holdWriterLease(
      redis,
      {
        key: `${config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}:` : ''}statistics:writer:${config.MONGO_DB}`,
        ttlMs: config.WRITER_LEASE_MS,
        onChange: (held) => logger.info({ held }, held ? 'writing the figures' : 'no longer writing the figures'),
        onError: (err) => logger.warn({ err }, 'the writer lease could not be kept; trying again'),
      },
      async () => {
        const consumers = await startSubscriptions(bus, deps.writer);
        const ageBands = startPeriodic(
          () => deps.writer.sweepAgeBands(),
          config.AGE_SWEEP_INTERVAL_MS,
          (err) => logger.warn({ err }, 'moving members to their new age band failed; retrying'),
        );
        return together([ageBands, ...consumers]);
      },
    );
    return { running: [orgs, writing] };
  },
});
