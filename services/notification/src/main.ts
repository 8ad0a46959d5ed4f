import { runService, serviceTokenVerifier, startPeriodic, together } from '@zhtj/service-kit';
import { startOrgProjection } from '@zhtj/store';
import { createApp } from './app.js';
import { composeNotification } from './compose.js';
import { configSchema } from './config.js';
import { startSubscriptions } from './events/subscriptions.js';

const DAY = 24 * 3600_000;

await runService({
  name: 'notification',
  configSchema,
  async start({ app, config, mongo, bus, redis, logger }) {
    const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'notification-orgs' });
    const deps = await composeNotification(mongo, redis, {
      orgs,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
      stream: { heartbeatMs: config.STREAM_HEARTBEAT_MS, maxStreamMs: config.STREAM_MAX_MS },
      // One channel per bus namespace: systems sharing a Redis (tests) keep their wake-ups apart.
      liveChannel: `${config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}:` : ''}notification:messages`,
    });
    app.route('/', createApp(deps));
    const consumers = await startSubscriptions(bus, deps);
    const retention = startPeriodic(
      () => deps.messages.removeReadBefore(new Date(Date.now() - config.MESSAGE_RETENTION_DAYS * DAY)),
      config.RETENTION_SWEEP_INTERVAL_MS,
      (err) => logger.warn({ err }, 'removing old read messages failed; retrying'),
    );
    return {
      running: [orgs, retention, deps.live, together(consumers)],
      longLived: [{ stop: async () => deps.live.endStreams() }],
    };
  },
});
