import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, nthIdNumber } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { type UpstreamCallName, upstreamCalls } from '@zhtj/gateway/testing';
import { buildWorkbook, memberRow } from '@zhtj/import/testing';
import { Client } from '../../e2e/client.js';
import { startStack, type Stack } from '../../e2e/stack.js';
import { kinds } from '../recorded-examples.js';
import { httpExamples } from './examples.js';

/**
 * Producer side of the gateway's HTTP contracts: every call the composed views make
 * (services/gateway/src/compose/upstream-calls.ts), asked of the real services — the whole
 * system as processes — answers in a shape the gateway reads, with the fields and kinds of its
 * recorded example (test/contract/http/examples, which gateway-replays.test.ts serves to the
 * gateway). `UPDATE_CONTRACT_EXAMPLES=1` records the answers as the new examples.
 */
const infra = testInfra();
let stack: Stack;
let admin: Client;
let args: Record<UpstreamCallName, string[]>;

beforeAll(async () => {
  stack = await startStack(infra);
  admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  const root = stack.demo.rootOrgId;
  // A branch with a member and an import in it, so lists have something in them.
  const branch = await admin.json('POST', '/orgs', { parentId: root, name: '契约团支部', type: 'branch' });
  const membersOf = async () => (await admin.request('GET', `/orgs/${branch.id}/members`)).status === 200;
  await eventually(membersOf, 'membership has the branch', 15_000, 250);
  const member = await admin.json('POST', `/orgs/${branch.id}/members`, {
    name: '吴磊',
    idNumber: nthIdNumber(3, { firstBirthday: '2004-01-01', region: '510104' }),
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2016-09',
  });
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildWorkbook({ rows: [memberRow(1)] }))]), '团员名单.xlsx');
  const { jobId } = await admin.json('POST', `/orgs/${branch.id}/imports?kind=members`, form);
  // Finished, so the recorded job has the fields a finished job has (a summary, an end time).
  await eventually(
    async () => (await admin.json('GET', `/imports/${jobId}`)).status === 'completed',
    'the import done',
    30_000,
    250,
  );
  args = {
    statistics: [root],
    account: [],
    unreadMessages: [],
    member: [member.id],
    org: [branch.id],
    orgPath: [branch.id],
    orgChildren: [root],
    orgChangeRequests: [root],
    orgMembers: [branch.id],
    memberChangeRequests: [branch.id],
    transfersAwaitingMe: [],
    openTransfers: [branch.id],
    imports: [branch.id],
  };
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('the services answer the gateway’s calls', () => {
  it.each(Object.keys(upstreamCalls) as UpstreamCallName[])('%s: in a shape the gateway reads, as recorded', async (name) => {
    const call = upstreamCalls[name] as (typeof upstreamCalls)[UpstreamCallName] & { path: (...a: string[]) => string };
    const url = `http://127.0.0.1:${stack.ports.get(call.service)}${call.path(...args[name])}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${admin.token}`, accept: 'application/json' } });
    expect(res.status, url).toBe(200);
    const body = await res.json();
    const read = call.reply.safeParse(body);
    expect(read.success, `${name}: ${read.error?.message}`).toBe(true);
    const shapes = await httpExamples.producedShape(name, body);
    expect(shapes.produced).toEqual(shapes.example);
    // A list's items are compared too, where the example has one.
    const items = (body as { items?: unknown[] }).items;
    const exampleItems = ((await httpExamples.read(name)) as { items?: unknown[] }).items;
    if (items?.[0] && exampleItems?.[0]) {
      expect(kinds(items[0]), `${name} item`).toEqual(kinds(exampleItems[0]));
    }
  });
});
