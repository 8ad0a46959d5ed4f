import { workbookUploadBodyBytes } from '@zhtj/contracts';
import { runService, serviceTokenVerifier } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { composeImportApi } from './compose.js';
import { configSchema } from './config.js';
import { startOrgProjection, startOutboxRelay } from '@zhtj/store';

/** The import API: templates, uploads (which queue jobs), job progress and failure workbooks. */
await runService({
  name: 'import',
  configSchema,
  largeBodies: (config) => [
    // The multipart wrapping adds a little to the file; busboy holds the file itself to the limit.
    {
      method: 'POST',
      path: /^\/orgs\/[^/]+\/imports$/,
      maxBytes: workbookUploadBodyBytes(config.IMPORT_MAX_FILE_BYTES),
      code: 'IMPORT_FILE_TOO_LARGE',
    },
  ],
  async start({ app, config, mongo, bus, redis, logger }) {
    const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'import-orgs' });
    const deps = await composeImportApi(mongo, {
      orgs,
      verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
      limits: { maxFileBytes: config.IMPORT_MAX_FILE_BYTES, maxExpandedBytes: config.IMPORT_MAX_EXPANDED_BYTES },
    });
    app.route('/', createApp(deps));
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    return { running: [orgs, relay] };
  },
});
