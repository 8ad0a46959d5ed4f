import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The portal is served same-origin with the API (the gateway forwards pages to the portal's
// server), so the client calls /api/v1 and needs no CORS. `npm run dev -w @zhtj/portal` proxies
// the API to a running gateway for work on the pages.
export default defineConfig({
  plugins: [react()],
  // The workspace's browser-safe libraries from their TypeScript sources. Not through the
  // "development" condition: react-dom and react-router would bring their development builds.
  resolve: {
    alias: {
      '@zhtj/id-number': fileURLToPath(new URL('../../libs/id-number/src/index.ts', import.meta.url)),
      '@zhtj/contracts/member-fields': fileURLToPath(
        new URL('../../libs/contracts/src/member/member-fields.ts', import.meta.url),
      ),
      '@zhtj/contracts/org-tree': fileURLToPath(new URL('../../libs/contracts/src/org/org-tree.ts', import.meta.url)),
      // Who may do what with an org: the server's own rule (libs/contracts/src/auth/authority.ts).
      '@zhtj/contracts/authority': fileURLToPath(new URL('../../libs/contracts/src/auth/authority.ts', import.meta.url)),
    },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data: modules — the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    // For bench:portal-bundle: which chunks each page loads first.
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: { '/api/v1': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' },
  },
});
