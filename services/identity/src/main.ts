import { request, startOutboxRelay } from '@zhtj/bus';
import { registrationCodeRedeemV1 } from '@zhtj/contracts';
import { runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeIdentity } from './compose.js';
import { configSchema } from './config.js';
import { startSubscriptions } from './events/subscriptions.js';
import { accountModel } from './store/account.model.js';

await runService({
  name: 'identity',
  configSchema,
  async start({ app, config, mongo, bus, redis }) {
    const deps = composeIdentity(mongo!, redis!, config, (req) => request(bus!, registrationCodeRedeemV1, req));
    await deps.keyRing.active();
    app.route('/', createApp(deps));
    const accounts = accountModel(mongo!);
    const relay = startOutboxRelay({ bus: bus!, models: [accounts] });
    const consumers = await startSubscriptions(bus!, accounts, () => relay.kick());
    return {
      async stop() {
        await Promise.all(consumers.map((c) => c.stop()));
        await relay.stop();
      },
    };
  },
});
