import { runService, serviceTokenVerifier, together } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeOrganization } from './compose.js';
import { configSchema } from './config.js';
import { serveCommands } from './events/commands.js';
import { runMemberPresence } from './events/member-presence.js';
import { startOutboxRelay } from '@zhtj/store';

await runService({
  name: 'organization',
  configSchema,
  async start({ app, config, mongo, bus, redis, logger }) {
    const deps = await composeOrganization(mongo, {
      ttlDays: config.REGISTRATION_CODE_TTL_DAYS,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
    });
    app.route('/', createApp(deps));
    const commands = serveCommands(bus, deps);
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    const memberPresence = await runMemberPresence(bus, deps.branchMembers);
    return { running: [relay, memberPresence, together(commands)] };
  },
});
