// The portal's server: the static build (services/portal/dist) on PORT (8087), loopback unless
// HOST says otherwise. The gateway forwards its pages here (PORTAL_URL), so the portal and the
// API share one origin; in production the ingress does the same.
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createPortalApp } from './app';

const port = Number(process.env.PORT ?? 8087);
const host = process.env.HOST ?? '127.0.0.1';
const dist = path.resolve(process.env.PORTAL_DIST ?? path.join(import.meta.dirname, '..', 'dist'));

const server = serve({ fetch: createPortalApp(dist).fetch, port, hostname: host }, () => {
  process.stdout.write(
    `${JSON.stringify({ level: 30, service: 'portal', msg: `portal listening on http://${host}:${port}/`, dist })}\n`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
