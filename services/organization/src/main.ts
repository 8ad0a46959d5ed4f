import { runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';

await runService({
  name: 'organization',
  configSchema,
  async start({ app }) {
    app.route('/', createApp({}));
  },
});
