import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import { Bus } from '@zhtj/bus';
import type { RoleGrant } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { eventually, orgCreatedEvent, removeNamespace, testSigner, type TestOrg } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
// membership runs beside import: rows are created by the real batch command.
import { composeMembership, membershipCollections, serveCommands } from '@zhtj/membership/testing';
import { createApp } from '../src/app.js';
import { composeImportApi, composeImportStores } from '../src/compose.js';
import { importFailureModel } from '../src/store/import-failure.model.js';
import { importJobModel } from '../src/store/import-job.model.js';
import { startImportWorker, type ImportWorker } from '../src/worker/import-worker.js';
import { startOrgProjection, startOutboxRelay, type OrgProjection, connectMongo } from '@zhtj/store';

export type { TestOrg };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const silent = () => createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });
const MiB = 1024 * 1024;

export interface HarnessOptions {
  maxFileBytes?: number;
  maxRows?: number;
  /** IMPORT_MAX_EXPANDED_BYTES of the in-process workers. */
  maxExpandedBytes?: number;
  batchSize?: number;
  ackWaitMs?: number;
}

/**
 * import and membership on real servers, sharing one NATS namespace: the import API on
 * `app.request`, workers started in this process or as separate processes, membership's
 * batch command answering them.
 */
export async function startImportHarness(options: HarnessOptions = {}) {
  const infra = testInfra();
  const bus = await Bus.connect({
    url: infra.natsUrl,
    name: 'import-test',
    namespace: infra.namespace,
    ...(process.env.TEST_LOGS ? { logger: createLogger({ service: 'import-test', level: 'warn' }) } : {}),
  });
  await bus.ensureStreams();
  const signer = await testSigner();
  const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });
  const settings = {
    maxFileBytes: options.maxFileBytes ?? 20 * MiB,
    maxRows: options.maxRows ?? 200_000,
    maxExpandedBytes: options.maxExpandedBytes ?? 400 * MiB,
    batchSize: options.batchSize ?? 1000,
    ackWaitMs: options.ackWaitMs ?? 30_000,
  };

  const membershipDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('membership') });
  const membershipOrgs = await startOrgProjection(bus, { connection: membershipDb, durable: 'membership-orgs' });
  const commands = serveCommands(bus, await composeMembership(membershipDb, { orgs: membershipOrgs, verifyToken }));

  const importDbName = infra.dbName('zhtj_import');
  const importDb = await connectMongo({ url: infra.mongoUrl, database: importDbName });
  const orgs: OrgProjection = await startOrgProjection(bus, { connection: importDb, durable: 'import-orgs' });
  const deps = await composeImportApi(importDb, {
    orgs,
    verifyToken,
    limits: { maxFileBytes: settings.maxFileBytes, maxExpandedBytes: 400 * MiB },
  });
  const relay = startOutboxRelay({ bus, models: deps.outboxes, pollIntervalMs: 200 });
  const stores = await composeImportStores(importDb);
  const app = createHttpApp({
    logger: silent(),
    metrics: createMetrics('import'),
    readiness: [],
    bodyLimitBytes: 64 * 1024,
    largeBodies: [
      {
        method: 'POST',
        path: /^\/orgs\/[^/]+\/imports$/,
        maxBytes: settings.maxFileBytes + 64 * 1024,
        code: 'IMPORT_FILE_TOO_LARGE',
      },
    ],
  });
  app.route('/', createApp(deps));

  const workers: Array<{ worker: ImportWorker; connection: Connection }> = [];
  const children: ChildProcess[] = [];

  /** An import worker in this process, with its own connection (as its own process would have). */
  async function startWorker() {
    const connection = await connectMongo({ url: infra.mongoUrl, database: importDbName });
    const worker = await startImportWorker(bus, {
      ...(await composeImportStores(connection)),
      maxRows: settings.maxRows,
      maxExpandedBytes: settings.maxExpandedBytes,
      batchSize: settings.batchSize,
      batchesInFlight: 2,
      concurrency: 1,
      ackWaitMs: settings.ackWaitMs,
      maxDeliver: 5,
      // Expected for the broken-file tests; anything else here is worth reading in a CI log.
      onUnreadable: (jobId, error) => console.warn(`[import worker] reading job ${jobId}'s file failed: ${String(error)}`),
    });
    workers.push({ worker, connection });
    return worker;
  }

  /** src/worker.ts as its own process, as it runs in production. */
  function spawnWorker(): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', path.join(root, 'services/import/src/worker.ts')],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          MONGO_URL: infra.mongoUrl,
          NATS_URL: infra.natsUrl,
          REDIS_URL: infra.redisUrl,
          BUS_NAMESPACE: infra.namespace,
          IMPORT_WORKER_PORT: '0',
          IMPORT_BATCH_SIZE: String(settings.batchSize),
          IMPORT_ACK_WAIT_MS: String(settings.ackWaitMs),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(child);
    return child;
  }

  /** Publishes org.created for each org (parents first); both services' projections take them. */
  async function publishOrgs(list: TestOrg[]) {
    for (const o of list) await bus.publish(orgCreatedEvent(o));
    await eventually(
      async () => (await Promise.all(list.flatMap((o) => [orgs.get(o.id), membershipOrgs.get(o.id)]))).every(Boolean),
      'orgs projected',
    );
  }

  const authorization = async (as: string | RoleGrant[]) =>
    `Bearer ${await signer.token(typeof as === 'string' ? [{ role: 'org_admin', orgId: as }] : as, { name: '测试管理员' })}`;

  return {
    infra,
    bus,
    app,
    deps,
    stores,
    /** The jobs and failed rows as stored, for tests that check them (the service reads them through its repositories). */
    stored: { jobs: importJobModel(importDb), failures: importFailureModel(importDb) },
    /** What membership stored. */
    membershipStored: membershipCollections(membershipDb),
    startWorker,
    spawnWorker,
    publishOrgs,
    authorization,
    /** Uploads a workbook as an admin of `as` (an org id) or with the given roles. */
    async upload(
      as: string | RoleGrant[],
      orgId: string,
      file: Buffer | null,
      query: { kind?: string; branchId?: string; fileName?: string } = {},
    ) {
      const form = new FormData();
      if (file) form.append('file', new Blob([new Uint8Array(file)]), query.fileName ?? '团员.xlsx');
      const search = new URLSearchParams({
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.branchId ? { branchId: query.branchId } : {}),
      });
      return app.request(`/orgs/${orgId}/imports${search.size ? `?${search}` : ''}`, {
        method: 'POST',
        headers: { authorization: await authorization(as) },
        body: form,
      });
    },
    async get(as: string | RoleGrant[], urlPath: string) {
      return app.request(urlPath, { headers: { authorization: await authorization(as) } });
    },
    /** Waits until the job has finished and returns its view. */
    async finished(as: string, jobId: string, timeoutMs = 60_000): Promise<Record<string, any>> {
      let view: Record<string, any> = {};
      const job = async () => {
        const doc = await this.stored.jobs.findById(jobId).select('status attempt outboxPending').lean();
        const info = await bus.manager.consumers.info(bus.namespace.stream('IMPORT_JOBS'), 'import-workers');
        const stream = await bus.manager.streams.info(bus.namespace.stream('IMPORT_JOBS'));
        return JSON.stringify({
          doc,
          messages: stream.state.messages,
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          waiting: info.num_waiting,
          delivered: info.delivered,
          redelivered: info.num_redelivered,
        });
      };
      await eventually(
        async () => {
          view = (await (await this.get(as, `/imports/${jobId}`)).json()) as Record<string, any>;
          return view.status === 'completed' || view.status === 'failed';
        },
        `import ${jobId} finished`,
        timeoutMs,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}: ${await job()}`);
      });
      return view;
    },
    async stop() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      for (const { worker, connection } of workers) {
        await worker.stop();
        await connection.close();
      }
      await Promise.all(commands.map((c) => c.stop()));
      await relay.stop();
      await orgs.stop();
      await membershipOrgs.stop();
      await bus.drain();
      await importDb.close();
      await membershipDb.close();
      await removeNamespace(infra, infra.namespace);
    },
  };
}

export type ImportHarness = Awaited<ReturnType<typeof startImportHarness>>;
