import { runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';

await runService({
  name: 'import',
  configSchema,
  async start({ app }) {
    app.route('/', createApp({}));
  },
});
