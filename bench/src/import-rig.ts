// The import path as the import benchmarks drive it, in one bus namespace: membership and
// identity as their own processes, as in production; the import API in this process (one upload
// request is not what is measured); import workers started on demand as processes of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Bus } from '@zhtj/bus';
import { createEvent, newId, orgCreatedV1, type StreamName } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { eventually, freePort, isolate, removeNamespace, testSigner, uniqueNamespace, type Infrastructure } from '@zhtj/testkit';
import { composeImportApi, createApp, importCollections, type ImportJobDocument } from '@zhtj/import/testing';
import type { Model } from 'mongoose';
import { startOrgProjection, startOutboxRelay, connectMongo } from '@zhtj/store';

const root = path.resolve(import.meta.dirname, '../..');

export interface ImportRig {
  namespace: string;
  mongoUrl: string;
  bus: Bus;
  /** The jobs as stored. */
  jobs: Model<ImportJobDocument>;
  /** Three branches, projected into the import API's org cache. */
  branches: Array<{ id: string; name: string }>;
  /** Uploads a workbook as the branch's admin; the job id. */
  upload(branchId: string, body: Buffer): Promise<string>;
  /** Starts an import worker process (heap capped as the import-worker Deployment runs it). */
  startWorker(name: string): Promise<ChildProcess>;
  /** Messages of one subject in a stream of this namespace. */
  streamCount(stream: StreamName, subject: string): Promise<number>;
  stop(): Promise<void>;
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

export async function startImportRig(infra: Infrastructure, options: { workerHeapMb: number }): Promise<ImportRig> {
  const env = isolate(infra, uniqueNamespace('bench'));
  const children: ChildProcess[] = [];
  const closers: Array<() => Promise<unknown>> = [];

  async function startProcess(name: string, entry: string, vars: Record<string, string>): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', path.join(root, entry)], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        MONGO_URL: env.mongoUrl,
        NATS_URL: env.natsUrl,
        REDIS_URL: env.redisUrl,
        BUS_NAMESPACE: env.namespace,
        JWT_KEYS_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
        ...vars,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const port = vars.PORT ?? vars.IMPORT_WORKER_PORT;
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true,
      `${name} ready`,
      60_000,
    );
    return child;
  }

  const bus = await Bus.connect({ url: env.natsUrl, name: 'import-bench', namespace: env.namespace });
  try {
    await bus.ensureStreams();
    await startProcess('membership', 'services/membership/src/main.ts', { PORT: String(await freePort()) });
    await startProcess('identity', 'services/identity/src/main.ts', { PORT: String(await freePort()) });

    // The import API in this process, with a test key.
    const signer = await testSigner();
    const importDb = await connectMongo({ url: env.mongoUrl, database: `${env.namespace}_zhtj_import` });
    closers.push(() => importDb.close());
    const orgs = await startOrgProjection(bus, { connection: importDb, durable: 'import-orgs' });
    closers.unshift(() => orgs.stop());
    const deps = await composeImportApi(importDb, {
      orgs,
      verifyToken: createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys }),
      limits: { maxFileBytes: 64 * 1024 * 1024, maxExpandedBytes: 1024 * 1024 * 1024 },
    });
    const relay = startOutboxRelay({ bus, models: deps.outboxes });
    closers.unshift(() => relay.stop());
    const app = createHttpApp({
      logger: createLogger({ service: 'bench', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      metrics: createMetrics('bench'),
      readiness: [],
      bodyLimitBytes: 64 * 1024 * 1024,
    });
    app.route('/', createApp(deps));

    const branches = [0, 1, 2].map((i) => ({ id: newId(), name: `基准团支部${i}` }));
    for (const b of branches) {
      await bus.publish(
        createEvent(
          orgCreatedV1,
          { id: b.id, name: b.name, type: 'branch', parentId: null, ancestors: [], depth: 0, status: 'active', version: 1 },
          { source: 'bench' },
        ),
      );
    }
    await eventually(async () => (await Promise.all(branches.map((b) => orgs.get(b.id)))).every(Boolean), 'orgs projected');

    return {
      namespace: env.namespace,
      mongoUrl: env.mongoUrl,
      bus,
      jobs: importCollections(importDb).jobs,
      branches,
      async upload(branchId, body) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(body)]), 'bench.xlsx');
        const token = await signer.token([{ role: 'org_admin', orgId: branchId }], { name: '基准' });
        const res = await app.request(`/orgs/${branchId}/imports`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { jobId: string }).jobId;
      },
      async startWorker(name) {
        return startProcess(name, 'services/import/src/worker.ts', {
          IMPORT_WORKER_PORT: String(await freePort()),
          // As the import-worker Deployment runs it: a heap cap, so V8 collects instead of growing.
          NODE_OPTIONS: `--max-old-space-size=${options.workerHeapMb}`,
        });
      },
      async streamCount(stream, subject) {
        const name = bus.namespace.subject(subject);
        // Per subject: state.messages counts the whole stream (member.updated too, say).
        const info = await bus.manager.streams.info(bus.namespace.stream(stream), { subjects_filter: name });
        return info.state.subjects?.[name] ?? 0;
      },
      async stop() {
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
        for (const close of closers) await close().catch(() => undefined);
        await bus.drain();
        await removeNamespace(infra, env.namespace);
      },
    };
  } catch (error) {
    for (const child of children) child.kill('SIGTERM');
    await bus.drain();
    throw error;
  }
}
