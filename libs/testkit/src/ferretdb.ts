import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureGoTool } from './go-tools.js';
import { freePort, isListening, waitForPort } from './ports.js';
import { runCommand, startProcess, which, type ManagedProcess } from './processes.js';
import { redactPersonalData } from './redact.js';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Bumped whenever the build changes (the patch below), so machines rebuild once. */
const BUILD_REVISION = 'zhtj1';

/**
 * FerretDB on PostgreSQL pushes an equality filter down as `_jsonb->'field' @> value`, but it
 * indexes fields with btree expression indexes, which `@>` cannot use: every query scans the whole
 * table. The patch adds a GIN index on the same expression beside each indexed top-level field,
 * so equality lookups (`_id`, `parentId`, `ancestors`, `idNumber` …) are index scans, as they are
 * on MongoDB. Behaviour is unchanged; only the plans differ. (Sort and limit still run in
 * FerretDB's memory: a filtered query still fetches every matching row.)
 */
const GIN_PATCH = {
  file: 'internal/backends/postgresql/metadata/registry.go',
  anchor: `		created = append(created, index.Name)
		c.Indexes = append(c.Indexes, index)`,
  insert: `		// zhtj: a GIN index on each top-level key, which the pushed-down @> filters can use.
		for _, key := range index.Key {
			if strings.Contains(key.Field, ".") {
				continue
			}
			gh := fnv.New32a()
			must.NotFail(gh.Write([]byte(c.TableName + "/" + key.Field)))
			gq := fmt.Sprintf(
				"CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s->%s))",
				pgx.Identifier{fmt.Sprintf("zhtj_gin_%08x", gh.Sum32())}.Sanitize(),
				pgx.Identifier{dbName, c.TableName}.Sanitize(),
				DefaultColumn,
				quoteString(key.Field),
			)
			if _, err = p.Exec(ctx, gq); err != nil {
				_ = r.indexesDrop(ctx, p, dbName, collectionName, created)
				return lazyerrors.Error(err)
			}
		}

`,
};

export type FerretBackend = 'sqlite' | 'postgresql';

/**
 * Installs FerretDB from the Go module proxy once per machine and returns the binary's path.
 * A module build leaves FerretDB's embedded version.txt empty, which makes it panic at start, so
 * the build writes it; and it applies the GIN patch above.
 */
export function ensureFerretDb(log: (line: string) => void): Promise<string> {
  return ensureGoTool(
    {
      name: 'ferretdb',
      module: FERRETDB_MODULE,
      version: FERRETDB_VERSION,
      mainPackage: './cmd/ferretdb',
      buildRevision: BUILD_REVISION,
      async prepare(source) {
        await writeFile(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
        await applyPatch(path.join(source, GIN_PATCH.file), GIN_PATCH.anchor, GIN_PATCH.insert);
      },
    },
    log,
  );
}

/** Inserts `insert` before the one occurrence of `anchor`; anything else means the source moved on. */
async function applyPatch(file: string, anchor: string, insert: string): Promise<void> {
  const source = await readFile(file, 'utf8');
  const at = source.indexOf(anchor);
  if (at < 0 || source.indexOf(anchor, at + 1) >= 0) throw new Error(`cannot patch ${file}: anchor not found exactly once`);
  await writeFile(file, source.slice(0, at) + insert + source.slice(at));
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
  log: (line: string) => void;
}): Promise<StartedFerretDb> {
  const binary = await ensureFerretDb(options.log);
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
    const psql = await which('psql');
    if (!psql) throw new Error('the PostgreSQL backend needs psql to create its database');
    const sql = (statement: string) =>
      runCommand(psql, ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
    await sql(`create database ${database}`).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    // PostgreSQL's own log would hold a refused write's data (a unique violation names the key's
    // value: an ID number): this database's sessions log nothing below PANIC.
    await sql(`alter database ${database} set log_min_messages = panic`);
    await sql(`alter database ${database} set log_min_error_statement = panic`);
    if (options.dropOnStop) dropDatabase = () => sql(`drop database if exists ${database} with (force)`).then(() => undefined);
    const pool = options.postgresPoolSize ?? 30;
    args.push('--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${database}?pool_max_conns=${pool}`);
  }
  const server = startProcess(`ferretdb-${port}`, binary, args, { logDir: options.logDir, redact: redactPersonalData });
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
