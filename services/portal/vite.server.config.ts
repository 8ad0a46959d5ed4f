import { defineConfig } from 'vite';

// The portal's static server (server/main.ts) as one JavaScript file, dist-server/main.mjs, with
// hono and @hono/node-server inside it: the image then runs it with plain `node` and needs no
// node_modules at all — the portal's dependencies (React, Ant Design, …) are build-time only, as
// their code is already in dist/. `.mjs`: an ES module by its name, with no package.json beside it
// in the image. Built by `npm run build` after the pages.
export default defineConfig({
  // No public/ copy and no index.html: this build is the server alone.
  publicDir: false,
  // Every import bundled, node: built-ins left to Node.
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'server/main.ts',
    outDir: 'dist-server',
    emptyOutDir: true,
    target: 'node20',
    // A server's stack traces should name the functions they went through.
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.mjs' } },
  },
});
