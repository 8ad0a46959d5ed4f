import { Hono } from 'hono';
import type { Caller } from '@zhtj/service-kit';
import type { EdgeGuard } from '../edge/edge-guard.js';
import type { UpstreamUrls } from '../services.js';
import { serviceCaller, type ServiceCall } from './service-client.js';

export interface ComposeDependencies {
  upstreams: UpstreamUrls;
  edge: EdgeGuard;
  clientAddress(c: Parameters<typeof serviceCaller>[0]): string | undefined;
  timeoutMs: number;
}

type Page<T> = { items: T[]; nextCursor: string | null };
const FULL_PAGE = 200;

/** A count from the first page of a list: exact below a full page, "at least" from there on. */
const countOf = (page: Page<unknown>) => ({ count: page.items.length, more: page.nextCursor !== null });

/**
 * GET /me — who the caller is and what waits for them, from four services at once: the account
 * (identity), their member record (membership) and branch path (organization), the orgs they
 * administer (organization), and to-do counts (transfers awaiting them, org and member change
 * requests, running imports). A part whose service fails is `null` and the answer says
 * `partial: true`; only a failing token fails the whole.
 */
export function meRoutes(deps: ComposeDependencies): Hono {
  return new Hono().get('/me', async (c) => {
    const caller = (await deps.edge.authenticate(c, false))!;
    for (const [name, value] of Object.entries(await deps.edge.limit(caller, deps.clientAddress(c)))) c.header(name, value);
    const call = serviceCaller(c, deps.upstreams, deps.timeoutMs);
    const parts = await settle({
      account: call('identity', '/auth/me'),
      member: caller.memberId ? call('membership', `/members/${caller.memberId}`) : Promise.resolve(null),
      administeredOrgs: Promise.all(adminOrgIds(caller).map((id) => call('organization', `/orgs/${id}`))),
      todo: todo(call, caller),
    });
    const member = parts.member as { branchId?: string } | null;
    const branchPath = member?.branchId
      ? await settle({ path: call('organization', `/orgs/${member.branchId}/path`) })
      : { path: null, failed: false };
    const partial = parts.failed || branchPath.failed;
    c.header('cache-control', 'private, no-store');
    return c.json({
      account: parts.account,
      member: parts.member,
      branchPath: branchPath.path,
      administeredOrgs: parts.administeredOrgs,
      todo: parts.todo,
      partial,
    });
  });
}

const adminOrgIds = (caller: Caller) => [...new Set(caller.roles.filter((r) => r.role === 'org_admin').map((r) => r.orgId))];

/** To-do counts over the orgs the caller administers; each list is one call, in parallel. */
async function todo(call: ServiceCall, caller: Caller) {
  const orgs = adminOrgIds(caller);
  const sum = (pages: Array<Page<unknown>>) =>
    pages.reduce((acc, page) => ({ count: acc.count + page.items.length, more: acc.more || page.nextCursor !== null }), {
      count: 0,
      more: false,
    });
  const [transfers, orgChanges, memberChanges, imports] = await Promise.all([
    call<Page<unknown>>('transfer', `/transfers?awaiting=me&limit=${FULL_PAGE}`),
    Promise.all(orgs.map((id) => call<Page<unknown>>('organization', `/orgs/${id}/change-requests?limit=${FULL_PAGE}`))),
    Promise.all(orgs.map((id) => call<Page<unknown>>('membership', `/orgs/${id}/member-change-requests?limit=${FULL_PAGE}`))),
    Promise.all(orgs.map((id) => call<Page<{ status: string }>>('import', `/orgs/${id}/imports?limit=50`))),
  ]);
  const running = imports.flatMap((page) => page.items).filter((job) => job.status === 'queued' || job.status === 'running');
  return {
    transfersAwaitingMe: countOf(transfers),
    orgChangeRequests: sum(orgChanges),
    memberChangeRequests: sum(memberChanges),
    runningImports: running.length,
  };
}

/** Waits for every part; a failed one becomes null, and `failed` says that one did. */
async function settle<T extends Record<string, Promise<unknown>>>(
  parts: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> | null } & { failed: boolean }> {
  const names = Object.keys(parts);
  const results = await Promise.allSettled(Object.values(parts));
  const out: Record<string, unknown> = { failed: false };
  results.forEach((result, i) => {
    out[names[i]!] = result.status === 'fulfilled' ? result.value : null;
    if (result.status === 'rejected') out.failed = true;
  });
  return out as { [K in keyof T]: Awaited<T[K]> | null } & { failed: boolean };
}
