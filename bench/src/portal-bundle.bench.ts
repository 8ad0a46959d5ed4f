// What a browser downloads to show each page of the portal the first time: the JavaScript and CSS
// of the page's chunk and every chunk it imports statically, gzip'd (as a server sends them).
// Reads the build's manifest (services/portal/dist/.vite/manifest.json), building the portal first
// when its sources changed.
//
//   npm run bench:portal-bundle -w @zhtj/bench       (results: bench/results/portal.md)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensurePortalBuild, portalDist } from '../../scripts/portal-build.js';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}

ensurePortalBuild((line) => console.log(line));
const manifest = JSON.parse(readFileSync(path.join(portalDist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
const gzipKb = (file: string) => gzipSync(readFileSync(path.join(portalDist, file)), { level: 9 }).length / 1024;

/** The files a chunk needs before it runs: itself, its CSS, and its static imports, transitively. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key]!;
  if (seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}

const [entryKey] = Object.entries(manifest).find(([, c]) => c.isEntry)!;
const signedIn = Object.keys(manifest).find((k) => k.includes('layout/SignedIn'))!;
/** Pages shown before the login, without the signed-in frame. */
const PUBLIC_PAGES = ['layout/SignedIn', 'pages/ResetPasswordPage'];
const entry = closure(entryKey);
const size = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipKb(f), 0);
const rows: Array<[string, number]> = [['login page (the entry: /login)', size(entry)]];
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isDynamicEntry) continue;
  // A page behind the login also needs the signed-in frame (layout/SignedIn).
  const files = new Set([...entry, ...closure(key)]);
  if (!PUBLIC_PAGES.some((p) => key.includes(p))) for (const f of closure(signedIn)) files.add(f);
  rows.push([path.basename(chunk.src ?? key, '.tsx'), size(files)]);
}
console.log('| page | first load, gzip |\n|---|---|');
for (const [page, kb] of rows.sort((a, b) => a[1] - b[1])) console.log(`| ${page} | ${kb.toFixed(1)} KB |`);
