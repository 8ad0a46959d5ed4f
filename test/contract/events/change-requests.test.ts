import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerRunner } from '@zhtj/bus';
import {
  eventContracts,
  memberChangeDecidedV1,
  memberChangeRequestedV1,
  newId,
  orgChangeDecidedV1,
  orgChangeRequestedV1,
  type EventContract,
} from '@zhtj/contracts';
import { eventually, idNumberFor, jsonBody, type TestOrg } from '@zhtj/testkit';
import { startMembership, type MembershipHarness } from '@zhtj/membership/testing';
import { insertOrgs, startOrganization, type OrganizationHarness } from '@zhtj/organization/testing';
import { startOutboxRelay, type OutboxRelay } from '@zhtj/store';
import { producedShape, readExample, watchFirstOfEach } from './examples.js';

/**
 * The change-request events, pinned by recorded examples: organization announces an org's
 * request and its superior's decision (ORG), membership a member's own request and the branch's
 * decision (MEMBER) — each written with the request, so notification can tell the decider and
 * the requester.
 */
const orgEvents: EventContract[] = [orgChangeRequestedV1, orgChangeDecidedV1];
const memberEvents: EventContract[] = [memberChangeRequestedV1, memberChangeDecidedV1];

describe('the change-request events', () => {
  it('have recorded examples that parse with the contracts', async () => {
    for (const contract of [...orgEvents, ...memberEvents]) {
      expect(eventContracts).toContain(contract);
      const parsed = contract.schema.safeParse(await readExample(contract.subject));
      expect(parsed.success, `${contract.subject}: ${parsed.error?.message}`).toBe(true);
    }
  });

  describe('from organization', () => {
    let h: OrganizationHarness;
    let relay: OutboxRelay;
    let watcher: ConsumerRunner;
    let seen = new Map<string, unknown>();
    beforeAll(async () => {
      h = await startOrganization();
      relay = startOutboxRelay({ bus: h.bus, models: h.deps.outboxes, pollIntervalMs: 50 });
      ({ seen, runner: watcher } = await watchFirstOfEach(h.bus, { stream: 'ORG', durable: 'contract-watch-org-cr' }, orgEvents));
    }, 60_000);
    afterAll(async () => {
      await watcher?.stop();
      await relay?.stop();
      await h?.stop();
    });

    it('are what it publishes when a child org asks and its superior decides, field for field', async () => {
      const county = newId();
      await insertOrgs(h.stored, [{ id: county, name: '契约县团委', type: 'committee', ancestors: [] }]);
      const school = await jsonBody(
        await h.call(county, 'POST', '/orgs', { parentId: county, name: '契约中学团委', type: 'committee' }),
      );
      const asked = await jsonBody(
        await h.call(school.id, 'PATCH', `/orgs/${school.id}`, { version: school.version, industry: '教育' }),
      );
      expect(asked.changeRequestId).toEqual(expect.any(String));
      const decided = await h.call(county, 'POST', `/org-change-requests/${asked.changeRequestId}/reject`, {
        comment: '请补充说明',
      });
      expect(decided.status).toBe(200);
      await eventually(() => orgEvents.every((c) => seen.has(c.subject)), 'both org change-request events', 15_000);
      expect(seen.get(orgChangeDecidedV1.subject)).toMatchObject({
        requestId: asked.changeRequestId,
        orgId: school.id,
        deciderOrgId: county,
        status: 'rejected',
        comment: '请补充说明',
        fields: ['industry'],
      });
      for (const contract of orgEvents) {
        const shapes = await producedShape(contract.subject, seen.get(contract.subject));
        expect(shapes.produced, contract.subject).toEqual(shapes.example);
      }
    });
  });

  describe('from membership', () => {
    let h: MembershipHarness;
    let relay: OutboxRelay;
    let watcher: ConsumerRunner;
    let seen = new Map<string, unknown>();
    const county: TestOrg = { id: newId(), name: '契约县团委', type: 'committee', ancestors: [] };
    const branch: TestOrg = { id: newId(), name: '契约团支部', type: 'branch', ancestors: [county.id] };
    beforeAll(async () => {
      h = await startMembership();
      await h.publishOrgs([county, branch]);
      relay = startOutboxRelay({ bus: h.bus, models: h.deps.outboxes, pollIntervalMs: 50 });
      ({ seen, runner: watcher } = await watchFirstOfEach(
        h.bus,
        { stream: 'MEMBER', durable: 'contract-watch-member-cr' },
        memberEvents,
      ));
    }, 60_000);
    afterAll(async () => {
      await watcher?.stop();
      await relay?.stop();
      await h?.stop();
    });

    it('are what it publishes when a member asks and the branch decides, field for field', async () => {
      const member = await jsonBody(
        await h.call(branch.id, 'POST', `/orgs/${branch.id}/members`, {
          name: '契约团员',
          idNumber: idNumberFor('20060115', 77),
          ethnicity: '汉族',
          politicalStatus: '共青团员',
          joinedAt: '2020-05',
          developmentNumber: '202011000777',
        }),
      );
      const self = { roles: [{ role: 'member' as const, orgId: branch.id }], memberId: member.id };
      const asked = await jsonBody(
        await h.call(self, 'PATCH', `/members/${member.id}`, { version: member.version, phone: '13600002222' }),
      );
      const approved = await h.call(branch.id, 'POST', `/member-change-requests/${asked.changeRequestId}/approve`, {});
      expect(approved.status).toBe(200);
      await eventually(() => memberEvents.every((c) => seen.has(c.subject)), 'both member change-request events', 15_000);
      expect(seen.get(memberChangeDecidedV1.subject)).toMatchObject({
        requestId: asked.changeRequestId,
        memberId: member.id,
        memberName: '契约团员',
        branchId: branch.id,
        status: 'approved',
        comment: null,
        fields: ['phone'],
      });
      for (const contract of memberEvents) {
        const shapes = await producedShape(contract.subject, seen.get(contract.subject));
        expect(shapes.produced, contract.subject).toEqual(shapes.example);
      }
    });
  });
});
