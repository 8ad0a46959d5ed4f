// The portal's server: the static build (services/portal/dist) on PORT (8087), loopback unless
// HOST says otherwise. The gateway forwards its pages here (PORTAL_URL), so the portal and the
// API share one origin. In development it runs from source with tsx; its image runs the bundle
// that `npm run build` makes of it (dist-server/main.mjs, vite.server.config.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createPortalApp } from './app';
import { loadPortalConfig, PortalConfigError, type PortalConfig } from './config';

let config: PortalConfig;
try {
  config = loadPortalConfig();
} catch (error) {
  if (!(error instanceof PortalConfigError)) throw error;
  console.error(`portal: ${error.message}`);
  process.exit(1);
}
const { HOST: host, PORT: port } = config;
// From server/ (sources) and dist-server/ (the bundle) alike, the build is ../dist.
const dist = path.resolve(config.PORTAL_DIST ?? path.join(import.meta.dirname, '..', 'dist'));
// Without its pages the server would answer every page with a 500 while its probes said ready.
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`portal: no build at ${dist} (index.html missing): run \`npm run build -w @zhtj/portal\` or set PORTAL_DIST`);
  process.exit(1);
}

const server = serve({ fetch: createPortalApp(dist).fetch, port, hostname: host }, () => {
  process.stdout.write(
    `${JSON.stringify({ level: 30, service: 'portal', msg: `portal listening on http://${host}:${port}/`, dist })}\n`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
