import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGoTool } from './go-tools.js';
import { freePort, isListening, waitForPort } from './ports.js';
import { runCommand, startProcess, which, type ManagedProcess } from './processes.js';
import { redactPersonalData } from './redact.js';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Bumped whenever the patches change, so machines rebuild once. */
const BUILD_REVISION = 'zhtj7';

/**
 * The project's changes to FerretDB, as patch files applied in name order (see
 * patches/ferretdb/README.md for what each does and why):
 *   0001 GIN indexes beside FerretDB's btree ones, which its pushed-down equality can use;
 *   0002 sort on _id and limit (+ skip) pushed down for a filter the backend applies whole, and
 *        string ranges on _id, so a list page costs the page, not the filtered set;
 *   0003 update / findAndModify / delete atomic per collection, and dotted filter keys not pushed;
 *   0004 each statement of an update command releases its connection and lock when done;
 *   0005 stored documents decoded in one pass (not encoding/json per value), no stack trace per
 *        document iterator, one copy less per excluding projection: a page costs ~3.5× less CPU;
 *   0006 `$in` of strings on _id of any length pushed as one `= ANY` on the _id index;
 *   0007 `$push` honours `$slice` (it was ignored: capped lists grew without end).
 */
const PATCH_DIR = fileURLToPath(new URL('../patches/ferretdb/', import.meta.url));

/** `patched` is what the project runs; `released` is upstream's build, kept for comparisons. */
export type FerretBuild = 'patched' | 'released';

export type FerretBackend = 'sqlite' | 'postgresql';

/**
 * Installs FerretDB from the Go module proxy once per machine and returns the binary's path.
 * A module build leaves FerretDB's embedded version.txt empty, which makes it panic at start, so
 * the build writes it; the patched build applies patches/ferretdb/*.patch, and stops at the first
 * hunk that does not apply exactly (no fuzz, no offset guessing by string search).
 */
export function ensureFerretDb(log: (line: string) => void, build: FerretBuild = 'patched'): Promise<string> {
  return ensureGoTool(
    {
      name: 'ferretdb',
      module: FERRETDB_MODULE,
      version: FERRETDB_VERSION,
      mainPackage: './cmd/ferretdb',
      buildRevision: build === 'patched' ? BUILD_REVISION : 'released',
      async prepare(source) {
        // The patched build says so in buildInfo's ferretdbVersion (service-kit's storeKind reads it).
        const version = build === 'patched' ? `${FERRETDB_VERSION}-${BUILD_REVISION}` : FERRETDB_VERSION;
        await writeFile(path.join(source, 'build', 'version', 'version.txt'), `${version}\n`);
        if (build === 'patched') await applyPatches(source);
      },
    },
    log,
  );
}

/** Applies every patch file to the module source; a hunk that does not apply fails the build. */
async function applyPatches(source: string): Promise<void> {
  const patches = (await readdir(PATCH_DIR)).filter((f) => f.endsWith('.patch')).sort();
  if (patches.length === 0) throw new Error(`no FerretDB patches found in ${PATCH_DIR}`);
  // git apply outside a repository works as patch(1) does; the ceiling keeps git from finding
  // a repository above the temporary source directory and applying relative to that.
  const env = { GIT_CEILING_DIRECTORIES: path.dirname(source) };
  for (const patch of patches) {
    const file = path.join(PATCH_DIR, patch);
    await runCommand('git', ['apply', '--check', file], { cwd: source, env }).catch((error: Error) => {
      throw new Error(`FerretDB patch ${patch} does not apply to ${FERRETDB_VERSION}: ${error.message}`);
    });
    await runCommand('git', ['apply', file], { cwd: source, env });
  }
}

/**
 * Collations under which PostgreSQL orders strings as BSON does (by their UTF-8 bytes): C and
 * POSIX compare with strcmp; glibc's C.UTF-8 (2.35 and later, Debian 12's 2.36) by code point,
 * which is the same order. The pushed-down sort and ranges on _id are enabled only on these.
 */
const BYTEWISE_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

/**
 * Runs one SQL statement as postgres on the local server's `postgres` database (with psql, which
 * the PostgreSQL backend needs) and returns its rows, unaligned, one per line.
 */
export async function postgresSql(statement: string): Promise<string> {
  const psql = await which('psql');
  if (!psql) throw new Error('the PostgreSQL backend needs psql to create its database');
  return runCommand(psql, ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atc', statement]);
}

/** True when a PostgreSQL server answers on the usual local port. */
export function postgresAnswers(): Promise<boolean> {
  return isListening(5432);
}

export interface StartedFerretDb {
  url: string;
  backend: FerretBackend;
  process: ManagedProcess;
}

/**
 * Starts FerretDB as a local process, on `port` or a free one. The SQLite backend keeps its
 * files under dataDir; the PostgreSQL backend uses a database of its own on the local server.
 */
export async function startFerretDb(options: {
  dataDir: string;
  logDir: string;
  backend: FerretBackend;
  port?: number;
  /** PostgreSQL database of this instance; two FerretDB processes must never share one. */
  postgresDatabase?: string;
  /** Drop the PostgreSQL database when stopping (test runs). */
  dropOnStop?: boolean;
  /**
   * PostgreSQL connections of this instance. FerretDB 1.24 holds two for an update (the query
   * and the write), so a pool smaller than twice the concurrent updates deadlocks; PostgreSQL
   * allows 100 in all, shared by a test run, `npm start` and a benchmark.
   */
  postgresPoolSize?: number;
  /** Upstream's build instead of the patched one (benchmarks and the comparison tests). */
  build?: FerretBuild;
  log: (line: string) => void;
}): Promise<StartedFerretDb> {
  const build = options.build ?? 'patched';
  const binary = await ensureFerretDb(options.log, build);
  // Set below only where the collation allows it (never on SQLite, which cannot sort by a field).
  const env: NodeJS.ProcessEnv = { ZHTJ_SORT_PUSHDOWN: '0' };
  const port = options.port ?? (await freePort());
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    // Warnings print every error answer, duplicate keys with their values (ID numbers) among
    // them; errors still print a failed write's data, so the log goes through redact too.
    '--log-level=error',
    // Its debug/metrics listener defaults to 127.0.0.1:8088: two instances would collide.
    '--debug-addr=127.0.0.1:0',
    '--state-dir=' + path.join(options.dataDir, 'state'),
  ];
  await mkdir(path.join(options.dataDir, 'state'), { recursive: true });
  let dropDatabase: (() => Promise<void>) | undefined;
  if (options.backend === 'sqlite') {
    const sqliteDir = path.join(options.dataDir, 'sqlite');
    await mkdir(sqliteDir, { recursive: true });
    args.push('--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`);
  } else {
    const database = (options.postgresDatabase ?? `zhtj_ferretdb_${port}`).toLowerCase();
    // Byte-order collation, so the patched build may sort by _id in SQL (BYTEWISE_COLLATIONS).
    await postgresSql(`create database ${database} template template0 lc_collate 'C' lc_ctype 'C'`).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    const collation = (await postgresSql(`select datcollate from pg_database where datname = '${database}'`)).trim();
    if (BYTEWISE_COLLATIONS.has(collation)) env.ZHTJ_SORT_PUSHDOWN = '1';
    else options.log(`FerretDB database ${database} has collation ${collation}: list pages are sorted in memory (slow)`);
    // PostgreSQL's own log would hold a refused write's data (a unique violation names the key's
    // value: an ID number): this database's sessions log nothing below PANIC.
    await postgresSql(`alter database ${database} set log_min_messages = panic`);
    await postgresSql(`alter database ${database} set log_min_error_statement = panic`);
    if (options.dropOnStop)
      dropDatabase = () => postgresSql(`drop database if exists ${database} with (force)`).then(() => undefined);
    const pool = options.postgresPoolSize ?? 30;
    args.push('--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${database}?pool_max_conns=${pool}`);
  }
  const server = startProcess(`ferretdb-${port}`, binary, args, {
    logDir: options.logDir,
    redact: redactPersonalData,
    env,
  });
  await waitForPort(port, 30_000);
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    backend: options.backend,
    process: {
      ...server,
      async stop(timeoutMs?: number) {
        await server.stop(timeoutMs);
        await dropDatabase?.().catch(() => undefined);
      },
    },
  };
}
