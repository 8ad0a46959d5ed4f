import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * The portal's pages are a static build; this serves it with the headers a page full of personal
 * data needs. Scripts only from this origin (no inline script: Vite's build has none); styles may
 * be inline, since Ant Design writes its CSS-in-JS into <style> elements; images from here and
 * data: URLs (the captcha is an SVG). Nothing is loaded from another origin, so the portal works
 * on networks without the internet.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
};

export function createPortalApp(distDir: string): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', (c) => c.json({ ready: true }));
  // Hashed file names: a file never changes under its name.
  app.use(
    '/assets/*',
    serveStatic({
      root: path.relative(process.cwd(), distDir),
      onFound: (_path, c) => void c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use('/favicon.svg', serveStatic({ root: path.relative(process.cwd(), distDir) }));
  // Every other path is a page of the single-page app: the same index.html, never cached, so a
  // new deployment is picked up at the next navigation.
  let index: string | undefined;
  app.get('*', async (c) => {
    if (c.req.path.startsWith('/assets/')) return c.notFound();
    index ??= await readFile(path.join(distDir, 'index.html'), 'utf8');
    c.header('cache-control', 'no-cache');
    return c.html(index);
  });
  return app;
}
