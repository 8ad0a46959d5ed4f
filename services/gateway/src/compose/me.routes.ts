import { Hono } from 'hono';
import type { Caller } from '@zhtj/service-kit';
import type { EdgeGuard } from '../edge/edge-guard.js';
import type { UpstreamUrls } from '../services.js';
import { countOf, runningOf, settle, sumOf } from './parts.js';
import { serviceCaller, type ServiceCall } from './service-client.js';
import { upstreamCalls } from './upstream-calls.js';

export interface ComposeDependencies {
  upstreams: UpstreamUrls;
  edge: EdgeGuard;
  clientAddress(c: Parameters<typeof serviceCaller>[0]): string | undefined;
  timeoutMs: number;
}

/**
 * GET /me — who the caller is and what waits for them, from five services at once: the account
 * (identity), their member record (membership) and branch path (organization), the orgs they
 * administer (organization), to-do counts (transfers awaiting them, org and member change
 * requests, running imports) and unread messages (notification). A part whose service fails is `null` and the answer says
 * `partial: true`; only a failing token fails the whole.
 */
export function meRoutes(deps: ComposeDependencies): Hono {
  return new Hono().get('/me', async (c) => {
    const caller = (await deps.edge.authenticate(c, false))!;
    for (const [name, value] of Object.entries(await deps.edge.limit(caller, deps.clientAddress(c)))) c.header(name, value);
    const call = serviceCaller(c, deps.upstreams, deps.timeoutMs);
    const parts = await settle({
      account: call(upstreamCalls.account),
      member: caller.memberId ? call(upstreamCalls.member, caller.memberId) : Promise.resolve(null),
      administeredOrgs: Promise.all(adminOrgIds(caller).map((id) => call(upstreamCalls.org, id))),
      todo: todo(call, caller),
      messages: call(upstreamCalls.unreadMessages),
    });
    const branchPath = parts.member
      ? await settle({ path: call(upstreamCalls.orgPath, parts.member.branchId) })
      : { path: null, failed: false };
    const partial = parts.failed || branchPath.failed;
    c.header('cache-control', 'private, no-store');
    return c.json({
      account: parts.account,
      member: parts.member,
      branchPath: branchPath.path,
      administeredOrgs: parts.administeredOrgs,
      todo: parts.todo,
      unreadMessages: parts.messages?.unread ?? null,
      partial,
    });
  });
}

const adminOrgIds = (caller: Caller) => [...new Set(caller.roles.filter((r) => r.role === 'org_admin').map((r) => r.orgId))];

/** To-do counts over the orgs the caller administers; each list is one call, in parallel. */
async function todo(call: ServiceCall, caller: Caller) {
  const orgs = adminOrgIds(caller);
  const [transfers, orgChanges, memberChanges, imports] = await Promise.all([
    call(upstreamCalls.transfersAwaitingMe),
    Promise.all(orgs.map((id) => call(upstreamCalls.orgChangeRequests, id))),
    Promise.all(orgs.map((id) => call(upstreamCalls.memberChangeRequests, id))),
    Promise.all(orgs.map((id) => call(upstreamCalls.imports, id))),
  ]);
  return {
    transfersAwaitingMe: countOf(transfers),
    orgChangeRequests: sumOf(orgChanges),
    memberChangeRequests: sumOf(memberChanges),
    runningImports: runningOf(imports),
  };
}
