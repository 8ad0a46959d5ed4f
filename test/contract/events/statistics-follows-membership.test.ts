import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  newId,
  profileOf,
  transferApprovedV1,
  transferRequestedV1,
  type MemberProfile,
  type TransferSnapshot,
} from '@zhtj/contracts';
import { eventually, idNumberFor, jsonBody, type TestOrg } from '@zhtj/testkit';
import { membershipCollections, runTransferConsumer, startMembership, type MembershipHarness } from '@zhtj/membership/testing';
import { ageBand, memberCounters, startStatistics, type StatisticsHarness } from '@zhtj/statistics/testing';
import { startOutboxRelay, type OutboxRelay } from '@zhtj/store';

/**
 * statistics against membership's own records: after any sequence of adds, edits, moves (the
 * transfer saga) and removals made through membership's API, every org's figures equal a direct
 * count of the members membership holds in its subtree. The two services share only the MEMBER
 * and ORG streams, as in production.
 */
let m: MembershipHarness;
let s: StatisticsHarness;
let relay: OutboxRelay;
let saga: { stop(): Promise<void> };

const county: TestOrg = { id: newId(), name: '对账县团委', type: 'committee', ancestors: [] };
const school: TestOrg = { id: newId(), name: '对账中学团委', type: 'committee', ancestors: [county.id] };
const branches: TestOrg[] = [
  { id: newId(), name: '对账一支部', type: 'branch', ancestors: [county.id, school.id] },
  { id: newId(), name: '对账二支部', type: 'branch', ancestors: [county.id, school.id] },
  { id: newId(), name: '对账三支部', type: 'branch', ancestors: [county.id] },
];
const orgs = [county, school, ...branches];

beforeAll(async () => {
  m = await startMembership();
  s = await startStatistics(m.infra);
  await m.publishOrgs(orgs);
  relay = startOutboxRelay({ bus: m.bus, models: m.deps.outboxes, pollIntervalMs: 50 });
  saga = await runTransferConsumer(m.bus, m.deps);
}, 60_000);
afterAll(async () => {
  await saga?.stop();
  await relay?.stop();
  await s?.stop({ keepNamespace: true });
  await m?.stop();
});

const ops = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      branch: fc.nat(2),
      birth: fc.constantFrom('19990305', '20020615', '20061120', '20100101'),
      female: fc.boolean(),
      ethnicity: fc.constantFrom('汉族', '回族', '壮族'),
    }),
    fc.record({
      kind: fc.constant('edit' as const),
      pick: fc.nat(20),
      politicalStatus: fc.constantFrom('共青团员', '中共预备党员', '中共党员'),
      educationFullTime: fc.constantFrom('高中', '大学本科'),
    }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(20), branch: fc.nat(2) }),
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(20) }),
  ),
  { minLength: 4, maxLength: 14 },
);

let n = 0;
/** What the sequences did, so the test shows it was not vacuous. */
const done = { add: 0, edit: 0, move: 0, remove: 0 };
async function run(sequence: Array<Record<string, any>>) {
  const held: string[] = [];
  const member = async (id: string) => jsonBody(await m.call(county.id, 'GET', `/members/${id}`));
  for (const op of sequence) {
    if (op.kind === 'add') {
      n += 1;
      const branch = branches[op.branch]!;
      const idNumber = idNumberFor(op.birth, (n * 2 + (op.female ? 0 : 1)) % 1000);
      const joined = Number(op.birth.slice(0, 4)) + 14;
      const res = await m.call(branch.id, 'POST', `/orgs/${branch.id}/members`, {
        name: '对账团员',
        idNumber,
        ethnicity: op.ethnicity,
        politicalStatus: '共青团员',
        joinedAt: `${joined}-05`,
        developmentNumber: `${joined}${String(77_000_000 + n)}`,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      held.push((await jsonBody(res)).id);
      done.add += 1;
      continue;
    }
    if (held.length === 0) continue;
    const id = held[op.pick % held.length]!;
    const now = await member(id);
    if (op.kind === 'edit') {
      const res = await m.call(now.branchId, 'PATCH', `/members/${id}`, {
        version: now.version,
        politicalStatus: op.politicalStatus,
        educationFullTime: op.educationFullTime,
      });
      expect(res.status).toBe(200);
      done.edit += 1;
    } else if (op.kind === 'remove') {
      const res = await m.call(now.branchId, 'DELETE', `/members/${id}?version=${now.version}`);
      expect(res.status).toBe(204);
      held.splice(held.indexOf(id), 1);
      done.remove += 1;
    } else {
      const to = branches[op.branch]!;
      if (to.id === now.branchId) continue;
      // The transfer saga moves the member on transfer.approved, as transfer publishes it.
      const t: TransferSnapshot = {
        id: newId(),
        direction: 'out',
        memberId: id,
        fromBranchId: now.branchId,
        toOrgId: to.id,
        targetBranchId: to.id,
        reasonCode: 'study',
        status: 'pending',
        version: 1,
      };
      await m.bus.publish(createEvent(transferRequestedV1, t, { source: 'transfer' }));
      await m.bus.publish(createEvent(transferApprovedV1, { ...t, status: 'approved', version: 2 }, { source: 'transfer' }));
      await eventually(async () => (await member(id)).branchId === to.id, 'the member moved');
      done.move += 1;
    }
  }
}

/** What each org's figures should be: membership's active members of its subtree, counted directly. */
async function directCount(): Promise<Map<string, Map<string, number>>> {
  const { members } = membershipCollections(m.mongo);
  const all = await members.find({ branchId: { $in: branches.map((b) => b.id) }, status: { $ne: 'removed' } }).lean();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const counts = new Map(orgs.map((o) => [o.id, new Map<string, number>()]));
  for (const doc of all) {
    const profile: MemberProfile = profileOf(doc as never);
    for (const orgId of [...doc.branchAncestors, doc.branchId])
      for (const path of memberCounters(profile, ageBand(profile.birthDate, today))) {
        const c = counts.get(orgId)!;
        c.set(path, (c.get(path) ?? 0) + 1);
      }
  }
  return counts;
}

/** The member counters statistics holds per org (zeros left out). */
async function counted(): Promise<Map<string, Map<string, number>>> {
  const docs = await s.deps.figures.all();
  const result = new Map(orgs.map((o) => [o.id, new Map<string, number>()]));
  for (const doc of docs) {
    const c = result.get(doc._id);
    if (!c) continue;
    for (const [key, value] of Object.entries(doc.counts ?? {})) {
      const entries =
        typeof value === 'number' ? [[key, value] as const] : Object.entries(value).map(([k, v]) => [`${key}.${k}`, v] as const);
      for (const [path, v] of entries) if (v !== 0 && isMemberCounter(path)) c.set(path, v);
    }
  }
  return result;
}
const MEMBER_GROUPS = [
  'members',
  'gender',
  'ethnicity',
  'ethnicGroup',
  'politicalStatus',
  'educationFullTime',
  'educationHighest',
  'age',
];
const isMemberCounter = (path: string) => MEMBER_GROUPS.includes(path.split('.')[0]!);
const plain = (maps: Map<string, Map<string, number>>) =>
  Object.fromEntries([...maps].map(([id, c]) => [id, Object.fromEntries([...c].sort(([a], [b]) => (a < b ? -1 : 1)))]));

describe('statistics against membership’s records', () => {
  it('counts, after any sequence of adds, edits, moves and removals, what a direct count of the records gives', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (sequence) => {
        await run(sequence as Array<Record<string, any>>);
        const expected = plain(await directCount());
        let actual: unknown;
        try {
          await eventually(
            async () => {
              actual = plain(await counted());
              return JSON.stringify(actual) === JSON.stringify(expected);
            },
            'the figures caught up with the records',
            20_000,
          );
        } catch {
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
    expect(done.add).toBeGreaterThan(0);
    expect(done.edit + done.move + done.remove).toBeGreaterThan(0);
  }, 300_000);
});
