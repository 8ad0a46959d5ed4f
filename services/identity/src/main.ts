import { request } from '@zhtj/bus';
import { memberLocateV1, registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import { runService, together } from '@zhtj/service-kit';
import { startOutboxRelay } from '@zhtj/store';
import { createApp } from './app.js';
import { composeIdentity } from './compose.js';
import { configSchema } from './config.js';
import { startAccountBatchSweeper } from './events/create-member-accounts.handler.js';
import { startSubscriptions } from './events/subscriptions.js';
import { keepKeysSealed } from './keys/key-resealing.js';

await runService({
  name: 'identity',
  configSchema,
  async start({ app, config, mongo, bus, redis, logger }) {
    const deps = composeIdentity(mongo, redis, config, {
      checkCode: (req) => request(bus, registrationCodeCheckV1, req),
      redeemCode: (req) => request(bus, registrationCodeRedeemV1, req),
      locateMember: (req) => request(bus, memberLocateV1, req),
    });
    const resealer = await keepKeysSealed(deps.keyRing, { previousSecretSet: Boolean(config.JWT_KEYS_SECRET_PREVIOUS), logger });
    app.route('/', createApp(deps));
    const accounts = { ...deps.memberAccounts, bus };
    await accounts.batches.init();
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    const consumers = await startSubscriptions(bus, accounts);
    const sweeper = startAccountBatchSweeper(accounts, logger);
    return { running: [relay, resealer, sweeper, together(consumers)] };
  },
});
