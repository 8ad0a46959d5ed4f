import { request } from '@zhtj/bus';
import { memberLocateV1, registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import { runService, startPeriodic, together } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeIdentity } from './compose.js';
import { configSchema } from './config.js';
import { sweepAccountBatches } from './events/create-member-accounts.handler.js';
import { startSubscriptions } from './events/subscriptions.js';
import { startOutboxRelay } from '@zhtj/store';

await runService({
  name: 'identity',
  configSchema,
  async start({ app, config, mongo, bus, redis, logger }) {
    const deps = composeIdentity(mongo, redis, config, {
      checkCode: (req) => request(bus, registrationCodeCheckV1, req),
      redeemCode: (req) => request(bus, registrationCodeRedeemV1, req),
      locateMember: (req) => request(bus, memberLocateV1, req),
    });
    const reseal = async () => {
      const resealed = await deps.keyRing.resealUnderCurrentSecret();
      if (resealed > 0) logger.info({ resealed }, 'signing keys sealed again under the current JWT_KEYS_SECRET');
      return resealed;
    };
    await reseal();
    await deps.keyRing.active();
    // While a previous secret is configured, keys another replica still made under it are
    // sealed again too; once the log says nothing more for a while, the previous secret can go.
    const resealer = config.JWT_KEYS_SECRET_PREVIOUS
      ? startPeriodic(reseal, 60_000, (err) => logger.warn({ err }, 'sealing signing keys again failed; retrying'))
      : undefined;
    app.route('/', createApp(deps));
    const accounts = { ...deps.memberAccounts, bus };
    await accounts.batches.init();
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    const consumers = await startSubscriptions(bus, accounts);
    const sweeper = startPeriodic(
      () => sweepAccountBatches(accounts, 10 * 60_000),
      60_000,
      (err) => logger.warn({ err }, 'sweeping abandoned account batches failed; retrying'),
    );
    return { running: [relay, resealer, sweeper, together(consumers)] };
  },
});
