// Organization benchmark: a generated tree of 100,000 orgs (1 → 31 → 403 → 3,224 → …); the time
// for a page of 50 of a subtree by cursor from the root, a province and a county (first page and
// a page from the middle); the search by name (GET /org-search) for a rare, a shared, an
// everywhere and a missing name; orgs created per second through POST /orgs; and GET /orgs/:id p50/p99
// under 16 concurrent clients. All over real HTTP to the organization app on this machine.
//
// Each FerretDB build in turn (FERRETDB_BUILDS, default "released,patched": upstream's and the
// testkit's, libs/testkit/patches/ferretdb), each on its own PostgreSQL database, so the two
// stand side by side in one run.
//
//   npm run bench:organization -w @zhtj/bench      (results: bench/results/organization.md)
//   ORG_BENCH_SIZE=20000 npm run bench:organization -w @zhtj/bench   (a smaller tree)
//   MONGO_URL=mongodb://… npm run bench:organization -w @zhtj/bench  (one run on that server)
import { serve } from '@hono/node-server';
import { exportJWK, generateKeyPair, createLocalJWKSet, SignJWT } from 'jose';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, newId } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { generateOrgTree, startFerretDb, type FerretBuild } from '@zhtj/testkit';
import { composeOrganization, countNameGrams, createApp, nameGrams, organizationCollections } from '@zhtj/organization/testing';
import { median, percentile } from './stats.js';
import { connectMongo } from '@zhtj/store';

const SIZE = Number(process.env.ORG_BENCH_SIZE ?? 100_000);
const PAGE = 50;
const PAGE_RUNS = 30;
const CLIENTS = 16;
const DURATION_MS = 10_000;
const CREATE_CLIENTS = 4;

const builds = (process.env.FERRETDB_BUILDS ?? 'released,patched').split(',') as FerretBuild[];
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; tree of ${SIZE.toLocaleString('en')} orgs`);
const tree = generateOrgTree({ size: SIZE });
const results = new Map<string, Map<string, string>>(); // measure → store → figure

async function measure(store: string, mongoUrl: string): Promise<void> {
  const put = (what: string, figure: string) => {
    if (!results.has(what)) results.set(what, new Map());
    results.get(what)!.set(store, figure);
    console.log(`[${store}] ${what}: ${figure}`);
  };
  const mongo = await connectMongo({ url: mongoUrl, database: 'bench_organization' });
  try {
    const keys = await generateKeyPair('ES256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'ES256' }] });
    const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: jwks });
    const deps = await composeOrganization(mongo, { ttlDays: 30, verifyToken });
    const stored = organizationCollections(mongo);

    // --- the tree -------------------------------------------------------------------------------
    await stored.orgs.deleteMany({});
    const now = new Date();
    const loadStart = performance.now();
    for (let i = 0; i < tree.length; i += 5000) {
      await stored.orgs.insertMany(
        tree.slice(i, i + 5000).map((o) => ({
          _id: o.id,
          ...o,
          nameGrams: nameGrams(o.name),
          status: 'active',
          version: 1,
          createdAt: now,
          updatedAt: now,
        })),
        { ordered: false, lean: true },
      );
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    put(
      `bulk load of ${tree.length.toLocaleString('en')} orgs (insertMany, 5,000 a batch)`,
      `${(tree.length / loadSeconds).toFixed(0)}/s`,
    );

    // The search's counts of each pair, as the migration computes them on a store of this size.
    await mongo.db!.collection('migrations').deleteOne({ _id: 'org-name-gram-counts-1' as never });
    const countStart = performance.now();
    const pairs = await countNameGrams(mongo, stored.orgs);
    put(
      `counting the name pairs of every org once (migration), ${pairs.toLocaleString('en')} pairs`,
      `${((performance.now() - countStart) / 1000).toFixed(1)} s`,
    );

    const root = tree[0]!;
    const tokenFor = (orgId: string) =>
      new SignJWT({ name: '基准', roles: [{ role: 'org_admin', orgId }] })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
        .setSubject(newId())
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(keys.privateKey);
    const token = await tokenFor(root.id);
    const logger = createLogger({ service: 'organization', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const app = createHttpApp({ logger, metrics: createMetrics('organization'), readiness: [], bodyLimitBytes: 64 * 1024 });
    app.route('/', createApp(deps));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { authorization: `Bearer ${token}` };

    // --- subtree pages ------------------------------------------------------------------------
    const province = tree.find((o) => o.depth === 1)!;
    const county = tree.find((o) => o.depth === 3)!;
    const subtreeSize = (id: string) => tree.filter((o) => o.ancestors.includes(id)).length;
    for (const [label, org] of [
      ['the national root', root],
      ['a province', province],
      ['a county', county],
    ] as const) {
      const size = subtreeSize(org.id);
      // A cursor from the middle of the subtree: the page after the (size/2)-th org by id.
      const ids = tree
        .filter((o) => o.ancestors.includes(org.id))
        .map((o) => o.id)
        .sort();
      const middle = Buffer.from(JSON.stringify({ after: ids[Math.floor(ids.length / 2)] })).toString('base64url');
      const timings = { first: [] as number[], middle: [] as number[] };
      // At most PAGE_RUNS runs, fewer (but ≥ 5) when a page is slow: the time cap keeps a slow
      // store from making the benchmark take an hour.
      const caseDeadline = performance.now() + 30_000;
      for (let run = 0; run < PAGE_RUNS && (run < 5 || performance.now() < caseDeadline); run += 1) {
        for (const [which, cursor] of [
          ['first', ''],
          ['middle', `&cursor=${middle}`],
        ] as const) {
          const t = performance.now();
          const res = await fetch(`${base}/orgs/${org.id}/subtree?limit=${PAGE}${cursor}`, { headers });
          const body = (await res.json()) as { items: unknown[] };
          if (res.status !== 200 || body.items.length === 0) throw new Error(`bad page: ${res.status}`);
          timings[which].push(performance.now() - t);
        }
      }
      const below = size.toLocaleString('en');
      put(`subtree page of ${PAGE} from ${label} (${below} below), median`, `${median(timings.first).toFixed(1)} ms`);
      put(`subtree page from ${label}, p95`, `${percentile(timings.first, 95).toFixed(1)} ms`);
      put(`subtree page from the middle of ${label}'s subtree (by cursor), median`, `${median(timings.middle).toFixed(1)} ms`);
    }

    // --- the search by name (public GET /org-search) ------------------------------------------
    for (const [label, q] of [
      ['one branch by its whole name', tree.find((o) => o.type === 'branch' && o.depth > 4)!.name],
      ['a committee name shared across counties', '第3中学团委'],
      ['the word every branch has', '团支部'],
      ['a name nothing has', '不存在的组织'],
    ] as const) {
      const timings: number[] = [];
      let found = 0;
      const caseDeadline = performance.now() + 20_000;
      for (let run = 0; run < PAGE_RUNS && (run < 5 || performance.now() < caseDeadline); run += 1) {
        const t = performance.now();
        const res = await fetch(`${base}/org-search?q=${encodeURIComponent(q)}&limit=20`);
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200) throw new Error(`search failed: ${res.status}`);
        timings.push(performance.now() - t);
        found = body.items.length;
      }
      put(`GET /org-search, ${label} (“${q}”: ${found} on the first call), median`, `${median(timings).toFixed(1)} ms`);
    }

    // --- creation through the API -------------------------------------------------------------
    const parents = tree.filter((o) => o.depth === 3).slice(0, CREATE_CLIENTS);
    const parentTokens = await Promise.all(parents.map((p) => tokenFor(p.id)));
    let created = 0;
    const createLatencies: number[] = [];
    const createDeadline = performance.now() + DURATION_MS;
    const createStart = performance.now();
    await Promise.all(
      parents.map(async (parent, k) => {
        for (let n = 0; performance.now() < createDeadline; n += 1) {
          const t = performance.now();
          const res = await fetch(`${base}/orgs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${parentTokens[k]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ parentId: parent.id, name: `基准团支部${n}`, type: 'branch' }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
          created += 1;
          createLatencies.push(performance.now() - t);
        }
      }),
    );
    const createSeconds = (performance.now() - createStart) / 1000;
    put(
      `POST /orgs, ${CREATE_CLIENTS} clients × ${DURATION_MS / 1000} s`,
      `${(created / createSeconds).toFixed(0)}/s, p50 ${median(createLatencies).toFixed(1)} ms, p99 ${percentile(createLatencies, 99).toFixed(1)} ms`,
    );

    // --- reads under load ---------------------------------------------------------------------
    const latencies: number[] = [];
    let failures = 0;
    const deadline = performance.now() + DURATION_MS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          const org = tree[Math.floor(Math.random() * tree.length)]!;
          const t = performance.now();
          const res = await fetch(`${base}/orgs/${org.id}`, { headers });
          await res.arrayBuffer();
          if (res.status === 200) latencies.push(performance.now() - t);
          else failures += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    put(
      `GET /orgs/:id, ${CLIENTS} clients × ${DURATION_MS / 1000} s`,
      `${(latencies.length / elapsed).toFixed(0)}/s, p50 ${median(latencies).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms${failures ? `, ${failures} failed` : ''}`,
    );
    server.close();
  } finally {
    await mongo.db!.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

if (process.env.MONGO_URL) await measure('MONGO_URL', process.env.MONGO_URL);
else
  for (const build of builds) {
    const dir = path.resolve('.data/bench', `ferretdb-${build}`);
    const ferret = await startFerretDb({
      dataDir: dir,
      logDir: path.join(dir, 'logs'),
      backend: 'postgresql',
      build,
      dropOnStop: true,
      log: (line) => console.log(line),
    });
    try {
      await measure(`FerretDB ${build}`, ferret.url);
    } finally {
      await ferret.process.stop();
    }
  }

const stores = [...new Set([...results.values()].flatMap((m) => [...m.keys()]))];
console.log(`\n| measure | ${stores.join(' | ')} |\n|---|${stores.map(() => '---').join('|')}|`);
for (const [what, byStore] of results) console.log(`| ${what} | ${stores.map((s) => byStore.get(s) ?? '—').join(' | ')} |`);
