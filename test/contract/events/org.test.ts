import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerRunner } from '@zhtj/bus';
import {
  eventContracts,
  newId,
  orgCreatedV1,
  orgDissolvedV1,
  orgSecretaryChangedV1,
  orgUpdatedV1,
  type EventContract,
  type OrgSnapshot,
} from '@zhtj/contracts';
import { eventually, idNumberFor, jsonBody } from '@zhtj/testkit';
import { insertOrgs, type OrganizationHarness, startOrganization } from '@zhtj/organization/testing';
import { producedShape, readExample, watchFirstOfEach } from './examples.js';
import { applyOrgSnapshot, orgProjectionModel, startOutboxRelay, type OutboxRelay } from '@zhtj/store';

/**
 * The ORG events, pinned by recorded examples. Producer side: organization itself, driven over
 * HTTP through a create, a direct change, a secretary and a dissolution. Consumer side: the
 * examples parse with the contracts, and the tree snapshots apply to the projection every
 * other service keeps (libs/bus startOrgProjection).
 */
const pinned: EventContract[] = [orgCreatedV1, orgUpdatedV1, orgSecretaryChangedV1, orgDissolvedV1];
const snapshots: EventContract[] = [orgCreatedV1, orgUpdatedV1, orgDissolvedV1];

let h: OrganizationHarness;
let relay: OutboxRelay;
let watcher: ConsumerRunner;
let seen = new Map<string, unknown>();

beforeAll(async () => {
  h = await startOrganization();
  relay = startOutboxRelay({ bus: h.bus, models: h.deps.outboxes, pollIntervalMs: 50 });
  ({ seen, runner: watcher } = await watchFirstOfEach(h.bus, { stream: 'ORG', durable: 'contract-watch-org' }, pinned));
}, 60_000);
afterAll(async () => {
  await watcher?.stop();
  await relay?.stop();
  await h?.stop();
});

describe('the ORG events', () => {
  it('have recorded examples that parse, and whose snapshots the projections apply', async () => {
    const db = await mongoose.createConnection(h.infra.mongoUrl, { dbName: h.infra.dbName('org_consumer') }).asPromise();
    try {
      const projection = orgProjectionModel(db);
      for (const contract of pinned) {
        expect(eventContracts).toContain(contract);
        const example = await readExample(contract.subject);
        const parsed = contract.schema.safeParse(example);
        expect(parsed.success, `${contract.subject}: ${parsed.error?.message}`).toBe(true);
        if (!snapshots.includes(contract)) continue;
        const snapshot = example as OrgSnapshot;
        await applyOrgSnapshot(projection, { ...snapshot, version: 1_000 + snapshots.indexOf(contract) });
        expect(await projection.findById(snapshot.id).lean(), contract.subject).toMatchObject({
          name: snapshot.name,
          status: snapshot.status,
        });
      }
    } finally {
      await db.close();
    }
  });

  it('are what organization publishes, field for field', async () => {
    const root = newId();
    await insertOrgs(h.stored, [{ id: root, name: '契约市团委', type: 'committee', ancestors: [] }]);
    const created = await jsonBody(
      await h.call(root, 'POST', '/orgs', { parentId: root, name: '契约县团委', type: 'committee' }),
    );
    const patched = await h.call(root, 'PATCH', `/orgs/${created.id}`, { version: created.version, shortName: '契约县' });
    expect(patched.status).toBe(200);
    const secretary = await h.call(root, 'PUT', `/orgs/${created.id}/secretary`, {
      name: '张伟',
      idNumber: idNumberFor('19900101', 1),
    });
    expect(secretary.status).toBe(200);
    const current = await jsonBody(await h.call(root, 'GET', `/orgs/${created.id}`));
    expect((await h.call(root, 'POST', `/orgs/${created.id}/dissolve`, { version: current.version })).status).toBe(200);
    await eventually(
      () => pinned.every((c) => seen.has(c.subject)),
      `every ORG subject published (seen: ${[...seen.keys()].join(', ')})`,
      15_000,
    );
    for (const contract of pinned) {
      const shapes = await producedShape(contract.subject, seen.get(contract.subject));
      expect(shapes.produced, contract.subject).toEqual(shapes.example);
    }
  });
});
