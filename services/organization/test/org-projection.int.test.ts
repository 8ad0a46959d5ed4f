import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import { insertOrgs, startOrganization, type OrganizationHarness } from './harness.js';
import {
  applyOrgSnapshot,
  orgProjectionModel,
  startOrgProjection,
  startOutboxRelay,
  type OrgProjection,
  type OutboxRelay,
  connectMongo,
} from '@zhtj/store';

/**
 * organization's events, published by its outbox relay, build another service's projection of
 * the tree (the helper membership and transfer use), and an emptied projection rebuilds
 * identically from the ORG stream.
 */
let h: OrganizationHarness;
let relay: OutboxRelay;
let consumerDb: Awaited<ReturnType<typeof connectMongo>>;
const root = newId();

beforeAll(async () => {
  h = await startOrganization();
  relay = startOutboxRelay({ bus: h.bus, models: h.deps.outboxes, pollIntervalMs: 50 });
  consumerDb = await connectMongo({ url: h.infra.mongoUrl, database: h.infra.dbName('membership') });
  // The root as the seed makes it: inserted with its org.created in the outbox.
  await insertOrgs(h.stored, [{ id: root, name: '某市团委', type: 'committee', ancestors: [] }]);
  await h.stored.orgs.updateOne({ _id: root }, { $push: { outbox: rootCreatedEvent() } });
});
afterAll(async () => {
  await relay.stop();
  await consumerDb.close();
  await h.stop();
});

function rootCreatedEvent() {
  return {
    id: newId(),
    type: 'org.created',
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'organization',
    data: {
      id: root,
      name: '某市团委',
      type: 'committee',
      parentId: null,
      ancestors: [],
      depth: 0,
      status: 'active',
      version: 1,
    },
  };
}

/** The tree fields of every org, as organization holds them. */
async function sourceOfTruth() {
  const orgs = await h.stored.orgs.find().sort({ _id: 1 }).lean();
  return orgs.map((o) => ({
    _id: o._id,
    name: o.name,
    shortName: o.shortName ?? null,
    type: o.type,
    parentId: o.parentId,
    ancestors: o.ancestors,
    depth: o.depth,
    status: o.status,
    version: o.version,
  }));
}
async function projected(projection: OrgProjection) {
  return projection.model.find().sort({ _id: 1 }).lean();
}
const withoutVersion = ({ version: _v, ...rest }: { version: number }) => ({ ...rest });

async function untilEqual(projection: OrgProjection, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const [want, got] = [await sourceOfTruth(), await projected(projection)];
    // Secretary changes bump the version without touching the tree fields the projection keeps.
    last = got;
    if (isDeepStrictEqual(got.map(withoutVersion), want.map(withoutVersion))) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`projection did not catch up: ${JSON.stringify(last)}`);
}

describe('the org projection', () => {
  it('follows creates, approved and direct changes, and dissolutions', async () => {
    const projection = await startOrgProjection(h.bus, { connection: consumerDb, durable: 'membership-orgs' });
    const county = (await jsonBody(await h.call(root, 'POST', '/orgs', { parentId: root, name: '某县团委', type: 'committee' })))
      .id;
    const school = (
      await jsonBody(await h.call(county, 'POST', '/orgs', { parentId: county, name: '一中团总支', type: 'general_branch' }))
    ).id;
    const branches: string[] = [];
    for (const name of ['高一(1)班团支部', '高一(2)班团支部', '高一(3)班团支部']) {
      branches.push((await jsonBody(await h.call(school, 'POST', '/orgs', { parentId: school, name, type: 'branch' }))).id);
    }
    await h.call(county, 'PATCH', `/orgs/${school}`, { version: 1, name: '第一中学团总支', shortName: '一中' });
    const request = await jsonBody(
      await h.call(branches[0]!, 'PATCH', `/orgs/${branches[0]}`, { version: 1, name: '高一(1)班' }),
    );
    await h.call(school, 'POST', `/org-change-requests/${request.changeRequestId}/approve`);
    await h.call(school, 'POST', `/orgs/${branches[2]}/dissolve`, { version: 1 });
    await h.call(school, 'PUT', `/orgs/${branches[1]}/secretary`, { name: '王芳', idNumber: '11010519491231002X' });

    const rows = await untilEqual(projection);
    expect(rows.find((o) => o._id === school)).toMatchObject({
      name: '第一中学团总支',
      shortName: '一中',
      ancestors: [root, county],
    });
    expect(rows.find((o) => o._id === branches[0])).toMatchObject({ name: '高一(1)班', version: 2 });
    expect(rows.find((o) => o._id === branches[2])).toMatchObject({ status: 'dissolved' });
    expect((await projection.get(branches[1]!))?.type).toBe('branch');
    expect(await projection.get(newId())).toBeNull();
    await projection.stop();
  });

  it('rebuilds identically from the stream on a fresh database', async () => {
    const first = await orgProjectionModel(consumerDb).find().sort({ _id: 1 }).lean();
    await consumerDb.dropCollection('org_projection');
    const rebuilt = await startOrgProjection(h.bus, { connection: consumerDb, durable: 'membership-orgs' });
    const again = await untilEqual(rebuilt);
    expect(again).toEqual(first);
    await rebuilt.stop();
  });

  it('ignores a redelivered or older snapshot', async () => {
    const projection = await startOrgProjection(h.bus, { connection: consumerDb, durable: 'membership-orgs' });
    const before = await projection.get(root);
    await applyOrgSnapshot(projection.model, {
      id: root,
      name: '旧名称',
      type: 'committee',
      parentId: null,
      ancestors: [],
      depth: 0,
      status: 'active',
      version: 1,
    });
    expect(await projection.get(root)).toEqual(before);
    await projection.stop();
  });
});
