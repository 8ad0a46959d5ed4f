import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerRunner } from '@zhtj/bus';
import { eventContracts, memberCadreAppointedV1, newId } from '@zhtj/contracts';
import { eventually, idNumberFor, jsonBody, type TestOrg } from '@zhtj/testkit';
import { startMembership, type MembershipHarness } from '@zhtj/membership/testing';
import { startOutboxRelay, type OutboxRelay } from '@zhtj/store';
import { producedShape, readExample, watchFirstOfEach } from './examples.js';

/**
 * member.cadre_appointed, pinned by its recorded example: membership announces each cadre post
 * from the post's own document (statistics counts cadres by position and 性质 from it).
 */
let h: MembershipHarness;
let relay: OutboxRelay;
let watcher: ConsumerRunner;
let seen = new Map<string, unknown>();
const county: TestOrg = { id: newId(), name: '契约县团委', type: 'committee', ancestors: [] };

beforeAll(async () => {
  h = await startMembership();
  await h.publishOrgs([county]);
  relay = startOutboxRelay({ bus: h.bus, models: h.deps.outboxes, pollIntervalMs: 50 });
  ({ seen, runner: watcher } = await watchFirstOfEach(h.bus, { stream: 'MEMBER', durable: 'contract-watch-cadres' }, [
    memberCadreAppointedV1,
  ]));
}, 60_000);
afterAll(async () => {
  await watcher?.stop();
  await relay?.stop();
  await h?.stop();
});

describe('member.cadre_appointed', () => {
  it('has a recorded example that parses', async () => {
    expect(eventContracts).toContain(memberCadreAppointedV1);
    const parsed = memberCadreAppointedV1.schema.safeParse(await readExample(memberCadreAppointedV1.subject));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('is what membership publishes when an org’s managers record a post, field for field', async () => {
    const res = await h.call(county.id, 'POST', `/orgs/${county.id}/cadres`, {
      name: '契约书记',
      idNumber: idNumberFor('19950101', 12),
      position: '书记',
      nature: '专职',
      since: '2024-01',
    });
    expect(res.status).toBe(201);
    const post = await jsonBody(res);
    await eventually(() => seen.has(memberCadreAppointedV1.subject), 'the post announced', 15_000);
    expect(seen.get(memberCadreAppointedV1.subject)).toEqual({
      id: post.id,
      orgId: county.id,
      orgAncestors: [],
      memberId: null,
      position: '书记',
      nature: '专职',
    });
    const shapes = await producedShape(memberCadreAppointedV1.subject, seen.get(memberCadreAppointedV1.subject));
    expect(shapes.produced).toEqual(shapes.example);
  });
});
