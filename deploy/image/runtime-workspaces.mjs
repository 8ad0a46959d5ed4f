// What a service's image holds, computed from the package manifests: the root Dockerfile runs it
// (plain Node, no dependencies) in its deps and builder stages, and deploy/test checks it.
//
//   node runtime-workspaces.mjs list <service> [root]            the workspace folders it runs on
//   node runtime-workspaces.mjs prune-manifests <service> [root] narrow the manifests to those, for `npm install --omit=dev`
//   node runtime-workspaces.mjs collect <service> <out> [root]   copy their dist/ folders and write <out>/main.mjs
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Every workspace folder under `root` (by the root manifest's globs of the form `dir/*` or `dir`), by package name. */
function workspacesByName(root) {
  const byName = new Map();
  for (const pattern of readJson(path.join(root, 'package.json')).workspaces ?? []) {
    const dirs = pattern.endsWith('/*')
      ? existsSync(path.join(root, pattern.slice(0, -2)))
        ? readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : []
      : [pattern];
    for (const dir of dirs) {
      const manifest = path.join(root, dir, 'package.json');
      if (existsSync(manifest)) byName.set(readJson(manifest).name, dir);
    }
  }
  return byName;
}

/**
 * The service's folder and every workspace it needs at run time: its `dependencies` (never its
 * devDependencies: the testkit, other services used only by tests), followed transitively.
 */
export function runtimeWorkspaces(service, root = process.cwd()) {
  const byName = workspacesByName(root);
  const start = `services/${service}`;
  if (!existsSync(path.join(root, start, 'package.json'))) throw new Error(`no service ${service} (no ${start}/package.json)`);
  const found = [start];
  for (let i = 0; i < found.length; i += 1) {
    const dependencies = readJson(path.join(root, found[i], 'package.json')).dependencies ?? {};
    for (const name of Object.keys(dependencies)) {
      const dir = byName.get(name);
      if (dir && !found.includes(dir)) found.push(dir);
    }
  }
  return found;
}

/**
 * Narrows the manifests (as turbo prune wrote them) to what the service runs: the root lists only
 * its runtime workspaces, theirs lose their devDependencies, and every other workspace folder is
 * removed — so `npm install --omit=dev` installs no test tooling and no other service's packages
 * (npm counts a listed workspace's own dependencies as production ones).
 */
export function pruneManifests(service, root = process.cwd()) {
  const keep = runtimeWorkspaces(service, root);
  for (const dir of workspacesByName(root).values()) {
    if (!keep.includes(dir)) rmSync(path.join(root, dir), { recursive: true, force: true });
  }
  const rootManifest = readJson(path.join(root, 'package.json'));
  rootManifest.workspaces = keep;
  writeJson(path.join(root, 'package.json'), rootManifest);
  for (const dir of keep) {
    const file = path.join(root, dir, 'package.json');
    const manifest = readJson(file);
    delete manifest.devDependencies;
    writeJson(file, manifest);
  }
  return keep;
}

/**
 * Copies the built dist/ of the service and of its runtime workspaces to `out` (same relative
 * paths), and writes `out/main.mjs`, the image's one entry point, which starts the service.
 */
export function collect(service, out, root = process.cwd()) {
  const dirs = runtimeWorkspaces(service, root);
  for (const dir of dirs) {
    const dist = path.join(root, dir, 'dist');
    if (!existsSync(dist)) throw new Error(`${dir}/dist is missing: build ${dir} first`);
    cpSync(dist, path.join(out, dir, 'dist'), { recursive: true });
  }
  writeFileSync(
    path.join(out, 'main.mjs'),
    `// Starts the ${service} service (written by deploy/image/runtime-workspaces.mjs).\nimport './services/${service}/dist/main.js';\n`,
  );
  return dirs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, service, ...rest] = process.argv.slice(2);
  if (!service) throw new Error('usage: runtime-workspaces.mjs list|prune-manifests|collect <service> …');
  if (command === 'list') process.stdout.write(`${runtimeWorkspaces(service, rest[0]).join('\n')}\n`);
  else if (command === 'prune-manifests') process.stdout.write(`${pruneManifests(service, rest[0]).join('\n')}\n`);
  else if (command === 'collect') {
    if (!rest[0]) throw new Error('collect needs the folder to copy to');
    process.stdout.write(`${collect(service, rest[0], rest[1]).join('\n')}\n`);
  } else throw new Error(`unknown command ${command}`);
}
