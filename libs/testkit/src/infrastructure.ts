import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dockerEngineAnswers, startContainer } from './docker.js';
import { FERRETDB_VERSION, postgresAnswers, startFerretDb, type FerretBackend } from './ferretdb.js';
import { isListening } from './ports.js';
import { which } from './processes.js';
import { startNatsServer } from './nats-server.js';
import { startRedisServer } from './redis-server.js';

export interface Infrastructure {
  mongoUrl: string;
  natsUrl: string;
  redisUrl: string;
  /** One line per server saying what was chosen, e.g. "redis: already running on 127.0.0.1:6379". */
  choices: string[];
  /** Stops whatever this call started (servers found running are left alone). */
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  /** Where started servers keep data and logs, e.g. `.data/dev` or a temp dir for a test run. */
  dataDir: string;
  /** Start servers on their default ports (for `npm start`) rather than free random ones. */
  defaultPorts?: boolean;
  /** FerretDB backend when one is started; see README for the measurement behind the default. */
  ferretBackend?: FerretBackend | 'auto';
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const defaults = { mongo: 27017, nats: 4222, redis: 6379 } as const;

/**
 * Finds or starts MongoDB (or FerretDB), NATS with JetStream and Redis, each in this order:
 * its *_URL variable; a server already on its default local port; a container when a Docker
 * engine answers; a local process started here (installed first if missing).
 *
 * @example
 * const infra = await provisionInfrastructure({ dataDir: '.data/test' });
 * // … use infra.mongoUrl, infra.natsUrl, infra.redisUrl …
 * await infra.stop();
 */
export async function provisionInfrastructure(options: ProvisionOptions): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const logDir = path.join(options.dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const choices: string[] = [];
  let docker: boolean | undefined;
  const dockerAnswers = async () => (docker ??= await dockerEngineAnswers({ dockerHost: env.DOCKER_HOST }));

  const provide = async (
    kind: 'mongo' | 'nats' | 'redis',
    envName: string,
    scheme: string,
    startLocal: () => Promise<{ url: string; stop(): Promise<void>; what: string }>,
  ) => {
    const fromEnv = env[envName];
    if (fromEnv) {
      choices.push(`${kind}: ${envName}`);
      return fromEnv;
    }
    const port = defaults[kind];
    if (await isListening(port)) {
      choices.push(`${kind}: already running on 127.0.0.1:${port}`);
      return `${scheme}://127.0.0.1:${port}${kind === 'mongo' ? '/' : ''}`;
    }
    if (await dockerAnswers()) {
      const container = await startContainer(kind);
      stops.push(container.stop);
      choices.push(`${kind}: container at ${container.url}`);
      return container.url;
    }
    const started = await startLocal();
    stops.push(started.stop);
    choices.push(`${kind}: ${started.what}`);
    return started.url;
  };

  try {
    const [mongoUrl, natsUrl, redisUrl] = await Promise.all([
      provide('mongo', 'MONGO_URL', 'mongodb', async () => {
        const start = (backend: FerretBackend) =>
          startFerretDb({
            dataDir: path.join(options.dataDir, 'ferretdb'),
            logDir,
            backend,
            // npm start: six services with a pool of 8 each (FERRETDB_POOL_SIZE); a test run: many files at once.
            ...(options.defaultPorts
              ? { port: defaults.mongo, postgresDatabase: 'zhtj_ferretdb_dev', postgresPoolSize: 30 }
              : { dropOnStop: true, postgresPoolSize: 60 }),
            log,
          });
        let backend = await chooseFerretBackend(options.ferretBackend ?? 'auto', env);
        let ferret;
        try {
          ferret = await start(backend);
        } catch (error) {
          // A PostgreSQL that answers but will not let us create a database (auth, permissions)
          // should not stop anyone: SQLite needs nothing.
          if (backend !== 'postgresql' || env.ZHTJ_FERRETDB_BACKEND === 'postgresql') throw error;
          log(`FerretDB on PostgreSQL failed (${(error as Error).message.split('\n')[0]}); using SQLite`);
          backend = 'sqlite';
          ferret = await start(backend);
        }
        return {
          url: ferret.url,
          stop: () => ferret.process.stop(),
          what: `FerretDB ${FERRETDB_VERSION} (${backend} backend) started at ${ferret.url}`,
        };
      }),
      provide('nats', 'NATS_URL', 'nats', async () => {
        const nats = await startNatsServer({
          dataDir: options.dataDir,
          logDir,
          ...(options.defaultPorts ? { port: defaults.nats } : {}),
          log,
        });
        return { url: nats.url, stop: () => nats.process.stop(), what: `nats-server -js started at ${nats.url}` };
      }),
      provide('redis', 'REDIS_URL', 'redis', async () => {
        const redis = await startRedisServer({ logDir, ...(options.defaultPorts ? { port: defaults.redis } : {}), log });
        return { url: redis.url, stop: () => redis.process.stop(), what: `redis-server started at ${redis.url}` };
      }),
    ]);
    return {
      mongoUrl,
      natsUrl,
      redisUrl,
      choices,
      async stop() {
        await Promise.allSettled(stops.map((stop) => stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
}

async function chooseFerretBackend(preference: FerretBackend | 'auto', env: NodeJS.ProcessEnv): Promise<FerretBackend> {
  const forced = env.ZHTJ_FERRETDB_BACKEND;
  if (forced === 'sqlite' || forced === 'postgresql') return forced;
  if (preference !== 'auto') return preference;
  // Measured in bench/results/ferretdb-backends.md: PostgreSQL serves point reads and writes
  // 4–10× faster, so it is the default wherever one answers locally; SQLite needs nothing.
  return DEFAULT_FERRET_BACKEND === 'postgresql' && (await postgresAnswers()) && (await which('psql')) ? 'postgresql' : 'sqlite';
}

export const DEFAULT_FERRET_BACKEND: FerretBackend = 'postgresql';
