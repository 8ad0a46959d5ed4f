import { startOutboxRelay } from '@zhtj/bus';
import { runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeIdentity } from './compose.js';
import { configSchema } from './config.js';
import { accountModel } from './store/account.model.js';

await runService({
  name: 'identity',
  configSchema,
  async start({ app, config, mongo, bus, redis }) {
    const deps = composeIdentity(mongo!, redis!, config);
    await deps.keyRing.active();
    app.route('/', createApp(deps));
    const relay = startOutboxRelay({ bus: bus!, models: [accountModel(mongo!)] });
    return { stop: () => relay.stop() };
  },
});
