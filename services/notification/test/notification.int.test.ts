import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  identityAdminRegisteredV1,
  importCompletedV1,
  memberChangeDecidedV1,
  memberChangeRequestedV1,
  newId,
  orgChangeDecidedV1,
  orgChangeRequestedV1,
  transferApprovedV1,
  transferRequestedV1,
  type MessageView,
  type TransferSnapshot,
} from '@zhtj/contracts';
import { eventually, orgCreatedEvent } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { deliver } from '../src/events/subscriptions.js';
import { transferRequested } from '../src/domain/messages-for.js';
import { startNotification, type NotificationHarness } from './harness.js';

const infra = testInfra();
let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotification(infra);
});
afterAll(async () => {
  await h?.stop();
});

const snapshot = (over: Partial<TransferSnapshot> = {}): TransferSnapshot => ({
  id: newId(),
  direction: 'out',
  memberId: newId(),
  fromBranchId: newId(),
  toOrgId: newId(),
  targetBranchId: null,
  reasonCode: 'study',
  status: 'pending',
  version: 1,
  ...over,
});
const adminOf = (orgId: string, accountId = newId()) => h.tokenFor([{ role: 'org_admin', orgId }], accountId);

async function list(token: string, query = ''): Promise<{ items: MessageView[]; nextCursor: string | null }> {
  const res = await h.call(token, 'GET', `/messages${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: MessageView[]; nextCursor: string | null };
}
const unread = async (token: string) =>
  ((await (await h.call(token, 'GET', '/messages/unread-count')).json()) as { unread: number }).unread;

describe('messages made from the streams', () => {
  it('tells the target org’s admins of a transfer waiting for them, each admin reading it for themself', async () => {
    const t = snapshot();
    const [first, second, stranger] = [await adminOf(t.toOrgId), await adminOf(t.toOrgId), await adminOf(t.fromBranchId)];
    await h.bus.publish(createEvent(transferRequestedV1, t, { source: 'transfer' }));
    await eventually(async () => (await unread(first)) === 1, 'the message is written');
    const [message] = (await list(first)).items;
    expect(message).toMatchObject({
      kind: 'transfer.awaiting_approval',
      to: { orgId: t.toOrgId },
      link: `/transfers?id=${t.id}`,
      read: false,
    });
    // The member's own branch did not ask to approve anything.
    expect((await list(stranger)).items).toEqual([]);

    const read = await h.call(first, 'POST', `/messages/${message!.id}/read`);
    expect(await read.json()).toMatchObject({ id: message!.id, read: true });
    expect(await unread(first)).toBe(0);
    expect((await list(first, '?unread=true')).items).toEqual([]);
    // The other admin of the same org still has it to read.
    expect(await unread(second)).toBe(1);
    expect((await list(second)).items[0]).toMatchObject({ id: message!.id, read: false });
  });

  it('makes one message of an event however often it is delivered', async () => {
    const t = snapshot();
    const event = createEvent(transferRequestedV1, t, { source: 'transfer' });
    await deliver(h.deps, event, transferRequested(t));
    await deliver(h.deps, event, transferRequested(t));
    await h.bus.publish(event);
    const admin = await adminOf(t.toOrgId);
    // The consumer's delivery of the same event makes nothing new either.
    await new Promise((r) => setTimeout(r, 500));
    expect((await list(admin)).items).toHaveLength(1);
  });

  it('asks a committee that approved a transfer-out to assign a branch, and tells the branch that asked', async () => {
    const t = snapshot({ status: 'awaiting_assignment' });
    await h.bus.publish(createEvent(transferApprovedV1, t, { source: 'transfer' }));
    const target = await adminOf(t.toOrgId);
    const requester = await adminOf(t.fromBranchId);
    await eventually(async () => (await unread(target)) === 1 && (await unread(requester)) === 1, 'both messages');
    expect((await list(target)).items[0]).toMatchObject({ kind: 'transfer.awaiting_assignment', title: '请分配团支部' });
    expect((await list(requester)).items[0]).toMatchObject({ kind: 'transfer.approved' });
  });

  it('sums up a finished import for the org’s admins', async () => {
    const orgId = newId();
    const jobId = newId();
    await h.bus.publish(
      createEvent(
        importCompletedV1,
        { jobId, orgId, kind: 'members', total: 50, succeeded: 47, failed: 3 },
        { source: 'import' },
      ),
    );
    const admin = await adminOf(orgId);
    await eventually(async () => (await unread(admin)) === 1, 'the import message');
    expect((await list(admin)).items[0]).toMatchObject({
      body: '成功导入 47 位团员，3 位团员导入失败。',
      link: `/orgs/${orgId}/imports?job=${jobId}`,
    });
  });

  it('tells the superior who used its registration code, once the org is known', async () => {
    const parent = { id: newId(), name: '示例团委', type: 'committee' as const, ancestors: [] };
    const child = { id: newId(), name: '第九团支部', type: 'branch' as const, ancestors: [parent.id] };
    await h.bus.publish(orgCreatedEvent(parent));
    await h.bus.publish(orgCreatedEvent(child));
    await h.bus.publish(
      createEvent(identityAdminRegisteredV1, { accountId: newId(), orgId: child.id, name: '李四' }, { source: 'identity' }),
    );
    const admin = await adminOf(parent.id);
    await eventually(async () => (await unread(admin)) === 1, 'the registration message');
    expect((await list(admin)).items[0]).toMatchObject({ body: '李四 已使用注册码成为「第九团支部」的管理员。' });
  });

  it('tells the superior of a child org’s change request, and the requester how it was decided', async () => {
    const [orgId, deciderOrgId, requester, requestId] = [newId(), newId(), newId(), newId()];
    const about = {
      requestId,
      orgId,
      orgName: '第八团支部',
      deciderOrgId,
      requestedBy: { accountId: requester },
      fields: ['name'],
    };
    await h.bus.publish(createEvent(orgChangeRequestedV1, about, { source: 'organization' }));
    const decider = await adminOf(deciderOrgId);
    await eventually(async () => (await unread(decider)) === 1, 'the waiting request');
    expect((await list(decider)).items[0]).toMatchObject({
      kind: 'org.change_awaiting_approval',
      body: '「第八团支部」申请变更组织信息，等待您审批。',
      link: `/orgs/${deciderOrgId}`,
    });
    const decided = { ...about, status: 'rejected' as const, decidedBy: { accountId: newId() }, comment: '名称不规范' };
    await h.bus.publish(createEvent(orgChangeDecidedV1, decided, { source: 'organization' }));
    // The requester alone is told, under their account — not the org's other admins.
    const asker = await h.tokenFor([{ role: 'org_admin', orgId }], requester);
    await eventually(async () => (await unread(asker)) === 1, 'the decision');
    expect((await list(asker)).items[0]).toMatchObject({
      kind: 'org.change_decided',
      body: '您提交的「第八团支部」组织信息变更申请已驳回，意见：名称不规范。',
      to: { accountId: requester },
    });
    expect(await unread(await adminOf(orgId))).toBe(0);
  });

  it('tells a branch’s admins of a member’s own change request, and the member of the decision', async () => {
    const [memberId, branchId, account, requestId] = [newId(), newId(), newId(), newId()];
    const about = { requestId, memberId, memberName: '王五', branchId, requestedBy: { accountId: account }, fields: ['phone'] };
    await h.bus.publish(createEvent(memberChangeRequestedV1, about, { source: 'membership' }));
    const admin = await adminOf(branchId);
    await eventually(async () => (await unread(admin)) === 1, 'the waiting request');
    expect((await list(admin)).items[0]).toMatchObject({
      body: '团员「王五」申请修改本人信息，等待您审批。',
      link: `/orgs/${branchId}/members?tab=requests`,
    });
    const decided = { ...about, status: 'approved' as const, decidedBy: { accountId: newId() }, comment: null };
    await h.bus.publish(createEvent(memberChangeDecidedV1, decided, { source: 'membership' }));
    const member = await h.tokenFor([{ role: 'member', orgId: branchId }], account);
    await eventually(async () => (await unread(member)) === 1, 'the decision');
    expect((await list(member)).items[0]).toMatchObject({ body: '您提交的个人信息修改申请已通过。', link: '/' });
  });
});

describe('reading', () => {
  it('pages newest first, marks all read, and cannot touch another inbox’s message', async () => {
    const orgId = newId();
    const me = newId();
    const admin = await adminOf(orgId, me);
    for (let i = 0; i < 3; i += 1) {
      const t = snapshot({ toOrgId: orgId });
      await deliver(h.deps, createEvent(transferRequestedV1, t, { source: 'transfer' }), transferRequested(t));
    }
    const first = await list(admin, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.id > first.items[1]!.id).toBe(true);
    const rest = await list(admin, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();

    const outsider = await adminOf(newId());
    const refused = await h.call(outsider, 'POST', `/messages/${first.items[0]!.id}/read`);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ code: 'MESSAGE_NOT_FOUND' });

    expect(await (await h.call(admin, 'POST', '/messages/read-all')).json()).toEqual({ marked: 3 });
    expect(await unread(admin)).toBe(0);
    expect(await (await h.call(admin, 'POST', '/messages/read-all')).json()).toEqual({ marked: 0 });
  });

  it('answers bad queries with the field named, and a caller without a token with 401', async () => {
    const admin = await adminOf(newId());
    const bad = await h.call(admin, 'GET', '/messages?unread=maybe');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('unread');
    const unknown = await h.call(admin, 'GET', '/messages?orgId=x');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('orgId');
    expect((await h.app.request('/messages')).status).toBe(401);
  });

  it('removes read messages past the retention age, and keeps unread ones', async () => {
    const orgId = newId();
    const admin = await adminOf(orgId);
    const [a, b] = [snapshot({ toOrgId: orgId }), snapshot({ toOrgId: orgId })];
    for (const t of [a, b])
      await deliver(h.deps, createEvent(transferRequestedV1, t, { source: 'transfer' }), transferRequested(t));
    const [newer] = (await list(admin)).items;
    await h.call(admin, 'POST', `/messages/${newer!.id}/read`);
    expect(await h.deps.messages.removeReadBefore(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    const left = (await list(admin)).items;
    expect(left).toHaveLength(1);
    expect(left[0]!.read).toBe(false);
  });
});

/** Reads server-sent events from a streaming response until `until` says stop. */
async function readEvents(response: Response, until: (events: Array<{ event?: string; id?: string; data?: string }>) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event?: string; id?: string; data?: string }> = [];
  let buffer = '';
  const deadline = Date.now() + 10_000;
  while (!until(events) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(':')) {
        events.push({ event: 'heartbeat' });
        continue;
      }
      const e: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const at = line.indexOf(': ');
        if (at > 0) e[line.slice(0, at)] = line.slice(at + 2);
      }
      events.push(e);
    }
  }
  await reader.cancel();
  return events;
}

describe('the live stream', () => {
  it('sends the unread count, then each new message as it is written, and heartbeats while idle', async () => {
    const orgId = newId();
    const admin = await adminOf(orgId);
    const response = await h.call(admin, 'GET', '/messages/stream');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const t = snapshot({ toOrgId: orgId });
    setTimeout(() => void h.bus.publish(createEvent(transferRequestedV1, t, { source: 'transfer' })), 300);
    const events = await readEvents(
      response,
      (seen) => seen.some((e) => e.event === 'message') && seen.some((e) => e.event === 'heartbeat'),
    );
    expect(events[0]).toMatchObject({ event: 'unread', data: JSON.stringify({ unread: 0 }) });
    const message = events.find((e) => e.event === 'message')!;
    expect(JSON.parse(message.data!)).toMatchObject({ kind: 'transfer.awaiting_approval', link: `/transfers?id=${t.id}` });
    expect(message.id).toBe(JSON.parse(message.data!).id);
    expect(events.some((e) => e.event === 'heartbeat')).toBe(true);
  });

  it('sends what was missed after Last-Event-ID on a reconnect', async () => {
    const orgId = newId();
    const admin = await adminOf(orgId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const t = snapshot({ toOrgId: orgId });
      const [m] = await h.deps.messages.writeOnce(newId(), transferRequested(t));
      ids.push(m!._id);
    }
    const response = await h.call(admin, 'GET', '/messages/stream', { 'last-event-id': ids[0]! });
    const events = await readEvents(response, (seen) => seen.filter((e) => e.event === 'message').length >= 2);
    expect(events.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(ids.slice(1));
  });

  it('ends the stream when the caller’s token stops verifying (their authority changed)', async () => {
    const admin = await adminOf(newId());
    const response = await h.call(admin, 'GET', '/messages/stream');
    setTimeout(() => h.revoke(admin), 100);
    const events = await readEvents(response, (seen) => seen.some((e) => e.event === 'reauthenticate'));
    expect(events.at(-1)).toMatchObject({ event: 'reauthenticate' });
    // Every stream here has ended, this one and those the other tests closed: none is left listening.
    await eventually(() => h.deps.live.listening === 0, 'no stream left listening');
  });
  // Last: the service stays stopping for the rest of this file.
  it('ends open streams when the service stops, so its shutdown does not wait on them', async () => {
    const admin = await adminOf(newId());
    const response = await h.call(admin, 'GET', '/messages/stream');
    setTimeout(() => h.deps.live.endStreams(), 100);
    const started = Date.now();
    const events = await readEvents(response, () => false);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(events[0]).toMatchObject({ event: 'unread' });
    // A stream opened while stopping ends at once too.
    const late = await readEvents(await h.call(admin, 'GET', '/messages/stream'), () => false);
    expect(late.filter((e) => e.event === 'message')).toEqual([]);
  });
});
