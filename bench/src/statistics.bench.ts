// Statistics benchmark: a generated tree of 100,000 orgs (generateOrgTree: 1 → 31 → 403 → 3,224 →
// 19,344 → 76,997, branches at depth 4 and 5) fed as org.created through the writer, 500 a call;
// GET /orgs/:id/statistics at the root and at a branch (median, p99 of 200 calls through the app);
// then 100,000 member.created (with profile) through `writer.apply` in batches of 500, as the batch
// consumer hands them over, as imports make them (runs of one branch), and 10,000 more scattered
// (each to a random branch); every org's figures checked against the expected counts, the reads
// again, the writer's `_id: {$in}` load and per-member writes beside the store's floor; and last
// 20,000 more through NATS (published to the MEMBER stream, the harness's consumers counting) until
// the root shows them all and the last commit is done. statistics runs in this process on the real
// servers (FerretDB on PostgreSQL as the testkit builds it, NATS) by its harness
// (@zhtj/statistics/testing), with no consumers (`consume: false`) until the NATS part.
//
//   npm run bench:statistics -w @zhtj/bench      (results: bench/results/statistics.md)
//   STATISTICS_BENCH_ORGS=20000 npm run bench:statistics -w @zhtj/bench   (a smaller tree: the 100,000 take ~15 min)
//   STATISTICS_BENCH_MEMBERS, _SCATTERED, _NATS, _READS, _ORG_CHUNK: the counts (_SCATTERED=0 or
//   _NATS=0 leaves that part out)
import os from 'node:os';
import path from 'node:path';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  createEvent,
  memberCreatedV1,
  newId,
  type EventEnvelope,
  type MemberProfile,
} from '@zhtj/contracts';
import {
  eventually,
  generateOrgTree,
  idNumberFor,
  isolate,
  orgCreatedEvent,
  provisionInfrastructure,
  uniqueNamespace,
} from '@zhtj/testkit';
import { startStatistics, type StatisticsHarness } from '@zhtj/statistics/testing';
import { median, percentile } from './stats.js';

const ORGS = Number(process.env.STATISTICS_BENCH_ORGS ?? 100_000);
const ORG_CHUNK = Number(process.env.STATISTICS_BENCH_ORG_CHUNK ?? 500);
const MEMBERS = Number(process.env.STATISTICS_BENCH_MEMBERS ?? 100_000);
const SCATTERED = Number(process.env.STATISTICS_BENCH_SCATTERED ?? 10_000);
const NATS = Number(process.env.STATISTICS_BENCH_NATS ?? 20_000);
const BATCH = 500;
/** Members an import puts in one branch before the next (an import lands in exactly one branch). */
const RUN = 50;
const READS = Number(process.env.STATISTICS_BENCH_READS ?? 200);

const log = (line: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)} load ${os.loadavg()[0]!.toFixed(1)}] ${line}`);
const results: string[] = [];
const put = (what: string, figure: string) => {
  results.push(`${what}: ${figure}`);
  log(`${what}: ${figure}`);
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// A fixed sequence of pseudo-random numbers (mulberry32), so two runs count the same members.
let seed = 20261204;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A member's profile as a school's or a town's might be: ages 14–28, mostly 汉族, mostly 共青团员. */
function profile(): MemberProfile {
  const year = 1998 + Math.floor(random() * 15);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const r = random();
  const education = pick(EDUCATION_LEVELS);
  return {
    gender: random() < 0.5 ? 'male' : 'female',
    birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    ethnicity: random() < 0.9 ? '汉族' : pick(ETHNICITIES.slice(1)),
    politicalStatus: r < 0.85 ? '共青团员' : r < 0.9 ? '中共预备党员' : '中共党员',
    educationFullTime: education,
    educationHighest: random() < 0.8 ? education : pick(EDUCATION_LEVELS),
  };
}

const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
log(infra.choices.join('; '));

const tree = generateOrgTree({ size: ORGS });
const root = tree[0]!;
const byId = new Map(tree.map((o) => [o.id, o]));
const branches = tree.filter((o) => o.type === 'branch');
const depths = new Map<number, number>();
for (const o of tree) depths.set(o.depth, (depths.get(o.depth) ?? 0) + 1);
log(
  `tree: ${fmt(tree.length)} orgs, by depth ${[...depths].map(([d, n]) => `${d}: ${fmt(n)}`).join(', ')}; ${fmt(branches.length)} branches`,
);

/** What each org's figures must say at the end: members of its subtree, and of itself. */
const expected = { members: new Map<string, number>(), own: new Map<string, number>(), gender: { male: 0, female: 0 } };
const politicalStatus = new Map<string, number>();
const ethnicity = new Map<string, number>();

function memberEvent(branchId: string, n: number): EventEnvelope {
  const branch = byId.get(branchId)!;
  const p = profile();
  expected.own.set(branchId, (expected.own.get(branchId) ?? 0) + 1);
  for (const id of [...branch.ancestors, branchId]) expected.members.set(id, (expected.members.get(id) ?? 0) + 1);
  expected.gender[p.gender] += 1;
  politicalStatus.set(p.politicalStatus, (politicalStatus.get(p.politicalStatus) ?? 0) + 1);
  ethnicity.set(p.ethnicity, (ethnicity.get(p.ethnicity) ?? 0) + 1);
  return createEvent(
    memberCreatedV1,
    {
      id: newId(),
      branchId,
      branchAncestors: branch.ancestors,
      version: 1,
      name: '统计团员',
      idNumber: idNumberFor(p.birthDate.replaceAll('-', ''), n),
      kind: 'member',
      profile: p,
    },
    { source: 'bench' },
  );
}

/** `count` members as imports make them: runs of RUN in one branch, the branches in a random order. */
function importLike(count: number, offset: number): EventEnvelope[] {
  const order = [...branches];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: count }, (_, i) => memberEvent(order[Math.floor(i / RUN) % order.length]!.id, offset + i));
}
const scattered = (count: number, offset: number) =>
  Array.from({ length: count }, (_, i) => memberEvent(pick(branches).id, offset + i));

/**
 * Where the writer's time goes, timed in this process around the writer's own code (unchanged):
 * the repository's replay, load and commit, and inside the commit the driver's calls on
 * statistics' collections (bulk writes and insertMany counted by document). A commit writes its
 * collections at once, so the parts inside it overlap: their sum can exceed the commit's time.
 */
const spent = new Map<string, { ms: number; calls: number; statements: number }>();
function wrap(target: object, method: string, name: string, statements?: (args: unknown[]) => number) {
  const object = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = object[method]!;
  object[method] = async function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      const s = spent.get(name) ?? { ms: 0, calls: 0, statements: 0 };
      s.ms += performance.now() - t;
      s.calls += 1;
      s.statements += statements?.(args) ?? 0;
      spent.set(name, s);
    }
  };
}
function timeWriter(h: StatisticsHarness) {
  for (const method of ['replay', 'load', 'commit']) wrap(h.deps.figures, method, method);
  for (const name of ['Figures', 'MemberFact', 'BandDay', 'Journal']) {
    const collection = h.mongo.models[name]?.collection;
    if (!collection) continue;
    wrap(collection, 'bulkWrite', `${name} bulk writes`, (args) => (args[0] as unknown[]).length);
    wrap(collection, 'insertMany', `${name} insertMany`, (args) => (args[0] as unknown[]).length);
    for (const method of ['insertOne', 'deleteOne', 'deleteMany']) wrap(collection, method, `${name} ${method}`);
  }
}
function takeSpent(): string {
  const get = (name: string) => spent.get(name);
  const parts = ['replay', 'load', 'commit'].map(
    (name) => `${name} ×${fmt(get(name)?.calls ?? 0)} ${fmt((get(name)?.ms ?? 0) / 1000, 1)} s`,
  );
  const inside = [...spent]
    .filter(([name]) => !['replay', 'load', 'commit'].includes(name))
    .map(([name, s]) =>
      s.statements
        ? `${name} ${fmt(s.statements)} statements ${fmt(s.ms / 1000, 1)} s (${fmt((s.ms * 1000) / s.statements)} µs each)`
        : `${name} ×${fmt(s.calls)} ${fmt(s.ms / 1000, 1)} s`,
    );
  spent.clear();
  return `${parts.join(', ')}; in the commit: ${inside.join(', ')}`;
}

async function applyInBatches(h: StatisticsHarness, label: string, events: readonly EventEnvelope[]) {
  const batchMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const t = performance.now();
    await h.deps.writer.apply(events.slice(i, i + BATCH));
    batchMs.push(performance.now() - t);
    if ((i / BATCH) % 40 === 39)
      log(`  ${label}: ${fmt(i + BATCH)} applied, ${fmt((i + BATCH) / ((performance.now() - started) / 1000))}/s`);
  }
  const seconds = (performance.now() - started) / 1000;
  put(
    `${label}: ${fmt(events.length)} member.created, batches of ${BATCH}`,
    `${fmt(seconds, 1)} s, **${fmt(events.length / seconds)} events/s**; a batch p50 ${fmt(median(batchMs))} ms, p99 ${fmt(percentile(batchMs, 99))} ms`,
  );
  put(`${label}: time spent`, takeSpent());
}

/** Every org's figures against the expected counts; throws on the first difference it reports. */
async function verify(h: StatisticsHarness, label: string) {
  const t = performance.now();
  const docs = await h.deps.figures.all();
  const count = (doc: (typeof docs)[number], key: string) =>
    typeof doc.counts?.[key] === 'number' ? (doc.counts[key] as number) : 0;
  const group = (doc: (typeof docs)[number], key: string) => (doc.counts?.[key] ?? {}) as Record<string, number>;
  const wrong: string[] = [];
  if (docs.length !== tree.length) wrong.push(`${docs.length} figures documents for ${tree.length} orgs`);
  const withMembers = new Set([...expected.own.keys()]);
  for (const doc of docs) {
    const org = byId.get(doc._id);
    if (!org) {
      wrong.push(`figures of an org not in the tree: ${doc._id}`);
      continue;
    }
    if (count(doc, 'members') !== (expected.members.get(doc._id) ?? 0))
      wrong.push(
        `${org.name} (depth ${org.depth}): members ${count(doc, 'members')}, expected ${expected.members.get(doc._id) ?? 0}`,
      );
    if (org.type === 'branch' && count(doc, 'ownMembers') !== (expected.own.get(doc._id) ?? 0))
      wrong.push(`${org.name}: ownMembers ${count(doc, 'ownMembers')}, expected ${expected.own.get(doc._id) ?? 0}`);
  }
  const top = docs.find((d) => d._id === root.id)!;
  const sum = (g: Record<string, number>) => Object.values(g).reduce((a, b) => a + b, 0);
  const members = expected.members.get(root.id) ?? 0;
  const checks: Array<[string, unknown, unknown]> = [
    ['root members', count(top, 'members'), members],
    ['root gender.male', group(top, 'gender').male ?? 0, expected.gender.male],
    ['root gender.female', group(top, 'gender').female ?? 0, expected.gender.female],
    ['root age bands sum', sum(group(top, 'age')), members],
    ['root education sum', sum(group(top, 'educationFullTime')), members],
    ...[...politicalStatus].map(([k, n]): [string, unknown, unknown] => [
      `root politicalStatus.${k}`,
      group(top, 'politicalStatus')[k],
      n,
    ]),
    ...[...ethnicity].map(([k, n]): [string, unknown, unknown] => [`root ethnicity.${k}`, group(top, 'ethnicity')[k], n]),
    ['root branches', count(top, 'branches'), branches.length],
    ['root empty branches', count(top, 'emptyBranches'), branches.length - withMembers.size],
    ['root orgs by type, sum', sum(group(top, 'orgs')), tree.length],
  ];
  for (const [what, actual, want] of checks)
    if (actual !== want) wrong.push(`${what}: ${String(actual)}, expected ${String(want)}`);
  const seconds = (performance.now() - t) / 1000;
  if (wrong.length) {
    put(`${label}: figures checked`, `**${wrong.length} WRONG** (${fmt(seconds, 1)} s): ${wrong.slice(0, 12).join('; ')}`);
    return false;
  }
  put(
    `${label}: figures checked`,
    `exact — root members ${fmt(members)}, all ${fmt(docs.length)} orgs' members and every branch's own count as expected (${fmt(seconds, 1)} s to read and check)`,
  );
  return true;
}

/** GET `path` READS times through the app (a token signed once, as a client holds one), after 10 unmeasured. */
async function timeGet(h: StatisticsHarness, what: string, path: string) {
  const token = await h.tokenFor([{ role: 'org_admin', orgId: root.id }]);
  const headers = { authorization: `Bearer ${token}` };
  const ms: number[] = [];
  for (let i = 0; i < READS + 10; i += 1) {
    const t = performance.now();
    const res = await h.app.request(path, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (i >= 10) ms.push(performance.now() - t);
  }
  put(what, `p50 **${fmt(median(ms), 1)} ms**, p99 ${fmt(percentile(ms, 99), 1)} ms (${READS} calls)`);
}

/** The parts of one read, each alone: the org from the projection (the view check), the figures document. */
async function timeParts(h: StatisticsHarness, what: string, id: string) {
  const org = byId.get(id)!;
  const get: number[] = [];
  const figures: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    let t = performance.now();
    await h.deps.orgs.get(id);
    get.push(performance.now() - t);
    t = performance.now();
    await h.deps.figures.figuresOf({ id, ancestors: org.ancestors } as never);
    figures.push(performance.now() - t);
  }
  put(
    what,
    `projection get p50 ${fmt(median(get), 1)} ms; figures document p50 ${fmt(median(figures), 1)} ms, p99 ${fmt(percentile(figures, 99), 1)} ms`,
  );
}

async function reads(h: StatisticsHarness, when: string) {
  // A branch at the bottom of the tree with members (the deepest chain), else any deepest branch.
  const deepest = Math.max(...branches.map((b) => b.depth));
  const leaf = branches.find((b) => b.depth === deepest && expected.own.has(b.id)) ?? branches.find((b) => b.depth === deepest)!;
  await timeGet(h, `${when}: GET /orgs/<root>/statistics`, `/orgs/${root.id}/statistics`);
  await timeGet(h, `${when}: GET /orgs/<branch at depth ${leaf.depth}>/statistics`, `/orgs/${leaf.id}/statistics`);
  await timeGet(
    h,
    `${when}: GET /orgs/<root>/statistics/children (the ${tree.filter((o) => o.depth === 1).length} provinces)`,
    `/orgs/${root.id}/statistics/children?limit=50`,
  );
  await timeParts(h, `${when}: root read's parts`, root.id);
}

/**
 * The store's floor for a batch's per-member documents, beside the writer's way: the same member
 * facts (as the writer stores them) written as replaceOne upserts (the writer's statements, 100 a
 * command as bulkWriteInChunks sends them to this FerretDB build) and as one insertMany of 500, into
 * scratch collections of the benchmark's database.
 */
async function floor(h: StatisticsHarness, count = 5000) {
  const docs = Array.from({ length: count }, (_, i) => ({
    _id: newId(),
    version: 1,
    branchId: branches[i % branches.length]!.id,
    ancestors: branches[i % branches.length]!.ancestors,
    profile: profile(),
    active: true,
    band: '18to22',
    bandChangesOn: '2027-05-01',
  }));
  const db = h.mongo.db!;
  let t = performance.now();
  for (let i = 0; i < count; i += 100) {
    await db
      .collection('bench_floor_upserts')
      .bulkWrite(
        docs
          .slice(i, i + 100)
          .map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })) as never,
      );
  }
  const upserts = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < count; i += BATCH) {
    await db.collection('bench_floor_inserts').insertMany(docs.slice(i, i + BATCH) as never, { ordered: false });
  }
  const inserts = performance.now() - t;
  put(
    `floor: ${fmt(count)} member facts as the writer stores them`,
    `replaceOne upserts ${fmt(count / (upserts / 1000))}/s (${fmt((upserts * 1000) / count)} µs each); insertMany of ${BATCH} ${fmt(count / (inserts / 1000))}/s (${fmt((inserts * 1000) / count)} µs each)`,
  );
}

/**
 * The writer's load reads a batch's facts by `_id: {$in: [...]}` (500 ids for a batch of 500):
 * the same query on the collections as they are now, by the number of ids, and 500 ids read as
 * five queries of 100 at once — what a chunked load would cost.
 */
async function inProbe(h: StatisticsHarness) {
  const db = h.mongo.db!;
  for (const collection of ['member_facts', 'figures']) {
    const c = db.collection<{ _id: string }>(collection);
    const held = (
      await c
        .find({}, { projection: { _id: 1 } })
        .limit(500)
        .toArray()
    ).map((d) => d._id);
    const absent = Array.from({ length: 500 }, () => newId());
    const time = async (ids: string[]) => {
      const t = performance.now();
      await c.find({ _id: { $in: ids } }, { projection: { journals: 0 } }).toArray();
      return performance.now() - t;
    };
    const parts: string[] = [];
    for (const n of [50, 100, 200, 500]) parts.push(`${n} ids ${fmt(await time(held.slice(0, n)))} ms`);
    parts.push(`500 absent ids ${fmt(await time(absent))} ms`);
    const t = performance.now();
    await Promise.all([0, 100, 200, 300, 400].map((i) => time(held.slice(i, i + 100))));
    parts.push(`500 ids as 5 × 100 at once ${fmt(performance.now() - t)} ms`);
    const plan = await db.command({ explain: { find: collection, filter: { _id: { $in: absent } } } });
    parts.push(`the plan for 500: ${String(plan.queryPlanner?.Plan?.['Node Type'])}`);
    put(`find by _id $in on ${collection} (${fmt(await c.estimatedDocumentCount())} documents)`, parts.join(', '));
  }
}

let h = await startStatistics(env, { consume: false });
timeWriter(h);
try {
  // --- the tree ----------------------------------------------------------------------------------
  // The org projection (what the view check reads) holds the tree as organization's events would
  // leave it; written directly, it is not what is measured.
  let t = performance.now();
  for (let i = 0; i < tree.length; i += 5000) {
    await h.deps.orgs.model.insertMany(
      tree.slice(i, i + 5000).map((o) => ({ _id: o.id, ...o, shortName: null, status: 'active', version: 1 })),
      { ordered: false, lean: true },
    );
  }
  log(`org projection: ${fmt(tree.length)} orgs inserted in ${fmt((performance.now() - t) / 1000, 1)} s`);

  // Level by level (parents first), siblings together, as a county sets up its schools' branches:
  // a chunk touches its orgs and a few chains above them. (The generator's own order deals a level
  // round-robin over its parents, so a chunk of 500 touched ~1,400 chains' orgs: 128 orgs/s
  // instead, measured on a 20,000-org tree.)
  const ordered = [...tree].sort((a, b) => a.depth - b.depth || (a.parentId ?? '').localeCompare(b.parentId ?? ''));
  const orgEvents = ordered.map((o) => orgCreatedEvent(o));
  t = performance.now();
  const chunkMs: number[] = [];
  for (let i = 0; i < orgEvents.length; i += ORG_CHUNK) {
    const c = performance.now();
    await h.deps.writer.apply(orgEvents.slice(i, i + ORG_CHUNK));
    chunkMs.push(performance.now() - c);
    if ((i / ORG_CHUNK) % 20 === 19)
      log(`  tree: ${fmt(i + ORG_CHUNK)} orgs, ${fmt((i + ORG_CHUNK) / ((performance.now() - t) / 1000))}/s`);
  }
  const treeSeconds = (performance.now() - t) / 1000;
  put(
    `tree: ${fmt(tree.length)} org.created through writer.apply, ${ORG_CHUNK} a call`,
    `${fmt(treeSeconds, 1)} s, ${fmt(tree.length / treeSeconds)} orgs/s; a call p50 ${fmt(median(chunkMs))} ms, p99 ${fmt(percentile(chunkMs, 99))} ms`,
  );
  put('tree: time spent', takeSpent());
  await reads(h, 'tree, no members');

  // --- members through the writer ------------------------------------------------------------------
  const imported = importLike(MEMBERS, 0);
  await applyInBatches(h, `import-like (runs of ${RUN} per branch)`, imported);
  await verify(h, `after ${fmt(MEMBERS)} import-like members`);
  await inProbe(h);
  const extra = scattered(SCATTERED, MEMBERS);
  if (SCATTERED > 0) await applyInBatches(h, 'scattered (each member a random branch)', extra);
  if (SCATTERED > 0) await verify(h, `after ${fmt(MEMBERS + SCATTERED)} members through the writer`);

  await reads(h, `tree and ${fmt(MEMBERS + SCATTERED)} members`);
  await floor(h);

  // --- the same through NATS ------------------------------------------------------------------------
  if (NATS > 0) {
    await h.stop({ keepNamespace: true });
    h = await startStatistics(env, { consume: true });
    timeWriter(h);
    const events = importLike(NATS, MEMBERS + SCATTERED);
    const want = expected.members.get(root.id)!;
    const rootMembers = async () => {
      const doc = await h.deps.figures.figuresOf({ id: root.id, ancestors: [] } as never);
      return typeof doc?.counts?.members === 'number' ? doc.counts.members : 0;
    };
    const started = performance.now();
    let published = 0;
    for (let i = 0; i < events.length; i += 1000) {
      await Promise.all(events.slice(i, i + 1000).map((e) => h.bus.publish(e)));
      published = performance.now() - started;
    }
    log(`  NATS: ${fmt(events.length)} published in ${fmt(published / 1000, 1)} s`);
    let last = 0;
    await eventually(
      async () => {
        const now = await rootMembers();
        if (Math.floor(now / 20_000) !== Math.floor(last / 20_000)) log(`  NATS: root shows ${fmt(now)} of ${fmt(want)}`);
        last = now;
        return now >= want;
      },
      'the root shows every member',
      30 * 60_000,
      200,
    );
    const seconds = (performance.now() - started) / 1000;
    // The root can count a batch before the rest of its chains do: a commit's figures are written
    // in commands of 100 statements, the root among the first. Done is when no journal is left.
    const journal = h.mongo.models.Journal!;
    await eventually(async () => (await journal.countDocuments()) === 0, 'the last commit applied', 60_000, 50);
    const applied = (performance.now() - started) / 1000;
    put(
      `NATS: ${fmt(events.length)} member.created published (import-like), the harness's consumers counting`,
      `published in ${fmt(published / 1000, 1)} s; root shows them all after ${fmt(seconds, 1)} s: **${fmt(events.length / seconds)} events/s**; the last commit done at ${fmt(applied, 1)} s`,
    );
    put('NATS: time spent', takeSpent());
    await verify(h, `after the NATS run (${fmt(want)} members in all)`);
  }
} finally {
  await h.stop();
  await infra.stop();
  console.log('\n' + results.map((r) => `- ${r}`).join('\n'));
}
