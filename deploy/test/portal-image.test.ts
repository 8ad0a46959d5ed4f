// What services/portal/Dockerfile makes, without a Docker engine: its builder's `npm run build -w
// @zhtj/portal` (the two vite builds of the package's build script), into a folder laid out as the
// runtime image's /app — services/portal/dist and services/portal/dist-server, nothing else, no
// node_modules anywhere above it — and the image's CMD started there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const portalDir = path.join(root, 'services', 'portal');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
/** The Dockerfile's CMD, relative to its WORKDIR. */
const ENTRY = 'services/portal/dist-server/main.mjs';

/** One of the build script's vite builds, its output sent to `outDir` instead of the package's folder. */
function viteBuild(outDir: string, ...args: string[]): void {
  const result = spawnSync(process.execPath, [vite, 'build', ...args, '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: portalDir,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build ${args.join(' ')} failed:\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the image's CMD in `app` with only the variables given (and PATH), as the container would. */
function startServer(app: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, output: () => ({ stdout, stderr }) };
}

async function listening(server: ReturnType<typeof startServer>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!server.output().stdout.includes('portal listening on')) {
    if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output().stderr}`);
    if (Date.now() > deadline) throw new Error('the server did not start within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the portal image, built and started as services/portal/Dockerfile does', () => {
  let app = '';
  let running: ChildProcess | undefined;
  beforeAll(async () => {
    app = await mkdtemp(path.join(tmpdir(), 'zhtj-portal-image-'));
    viteBuild(path.join(app, 'services/portal/dist'));
    viteBuild(path.join(app, 'services/portal/dist-server'), '--config', 'vite.server.config.ts');
  }, 240_000);
  afterAll(async () => {
    running?.kill('SIGKILL');
    if (app) await rm(app, { recursive: true, force: true });
  });

  it('holds the pages and one server file that imports nothing but Node built-ins', async () => {
    expect((await readdir(path.join(app, 'services/portal'))).sort()).toEqual(['dist', 'dist-server']);
    expect(await readdir(path.join(app, 'services/portal/dist-server'))).toEqual(['main.mjs']);
    const bundle = await readFile(path.join(app, ENTRY), 'utf8');
    const specifiers = [...bundle.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith('node:'))).toEqual([]);
    expect(bundle).not.toMatch(/\bimport\(\s*["'](?!node:)/);
    expect(bundle).not.toMatch(/\brequire\(\s*["'](?!node:)/);
  });

  it('serves its probes and the pages with their security headers, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = startServer(app, { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) });
    running = server.child;
    await listening(server);
    const base = `http://127.0.0.1:${port}`;

    // Every body read to its end: a connection still sending holds SIGTERM's close() back.
    for (const probe of ['/healthz', '/readyz']) {
      const answer = await fetch(base + probe);
      expect(answer.status, probe).toBe(200);
      expect(await answer.json(), probe).toBeTruthy();
    }

    // A deep link is the app's index.html, never cached; its script is a hashed asset, cached for good.
    const page = await fetch(`${base}/orgs/some-org/members`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(base + script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const missing = await fetch(`${base}/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    running = undefined;
  });

  it('refuses to start on a bad variable or without its pages, naming the problem', async () => {
    const badPort = startServer(app, { PORT: '80000' });
    expect(await badPort.exit).toBe(1);
    expect(badPort.output().stderr).toContain('PORT: must be a port number');

    const noPages = startServer(app, { PORT: String(await freePort()), PORTAL_DIST: path.join(app, 'nowhere') });
    expect(await noPages.exit).toBe(1);
    expect(noPages.output().stderr).toContain('index.html missing');
  });
});
