import { startOutboxRelay } from '@zhtj/bus';
import { createTokenVerifier, runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';
import { serveCommands } from './events/commands.js';
import { orgModel } from './store/org.model.js';
import { registrationCodeModel } from './store/registration-code.model.js';

await runService({
  name: 'organization',
  configSchema,
  async start({ app, config, mongo, bus }) {
    const orgs = orgModel(mongo!);
    const codes = registrationCodeModel(mongo!);
    await Promise.all([orgs.init(), codes.init()]);
    const verifyToken = createTokenVerifier({ jwksUrl: config.JWKS_URL });
    app.route('/', createApp({ orgs, codes, ttlDays: config.REGISTRATION_CODE_TTL_DAYS, verifyToken }));
    const commands = serveCommands(bus!, { orgs, codes });
    const relay = startOutboxRelay({ bus: bus!, models: [orgs] });
    return {
      async stop() {
        await Promise.all(commands.map((c) => c.stop()));
        await relay.stop();
      },
    };
  },
});
