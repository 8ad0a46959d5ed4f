import { Hono, type Context } from 'hono';
import type { ComposeDependencies } from './me.routes.js';
import { COUNT_PAGE, countOf, settle, type Page } from './parts.js';
import { serviceCaller, ServiceCallError, type ServiceCall } from './service-client.js';

/**
 * Views that enrich one service's answer with others': the member detail with the branch's
 * name and path, and an admin's home page for an org. The main part decides the answer (its
 * service's error is passed on as it is); the rest degrade to `null` with `partial: true`.
 */
export function viewRoutes(deps: ComposeDependencies): Hono {
  const app = new Hono();

  app.get('/members/:id', (c) =>
    composed(c, deps, async (call) => {
      const member = await call<{ branchId: string }>('membership', `/members/${encodeURIComponent(c.req.param('id'))}`);
      const extra = await settle({
        path: call<Page<{ id: string; name: string }>>('organization', `/orgs/${member.branchId}/path`),
      });
      const path = extra.path?.items ?? null;
      return {
        ...member,
        branch: path ? (path.at(-1) ?? null) : null,
        branchPath: path,
        partial: extra.failed,
      };
    }),
  );

  app.get('/orgs/:id/overview', (c) =>
    composed(c, deps, async (call) => {
      const id = encodeURIComponent(c.req.param('id'));
      const org = await call<{ id: string; type: string }>('organization', `/orgs/${id}`);
      const parts = await settle({
        children: call<Page<unknown>>('organization', `/orgs/${id}/children?limit=${COUNT_PAGE}`).then(countOf),
        members: call<Page<unknown>>('membership', `/orgs/${id}/members?limit=${COUNT_PAGE}`).then(countOf),
        orgChangeRequests: call<Page<unknown>>('organization', `/orgs/${id}/change-requests?limit=${COUNT_PAGE}`).then(countOf),
        memberChangeRequests: call<Page<unknown>>('membership', `/orgs/${id}/member-change-requests?limit=${COUNT_PAGE}`).then(
          countOf,
        ),
        openTransfers: call<Page<unknown>>('transfer', `/transfers?orgId=${id}&status=open&limit=${COUNT_PAGE}`).then(countOf),
        runningImports: call<Page<{ status: string }>>('import', `/orgs/${id}/imports?limit=50`).then(
          (page) => page.items.filter((job) => job.status === 'queued' || job.status === 'running').length,
        ),
      });
      const pending = {
        orgChangeRequests: parts.orgChangeRequests,
        memberChangeRequests: parts.memberChangeRequests,
        openTransfers: parts.openTransfers,
        runningImports: parts.runningImports,
      };
      const total =
        [pending.orgChangeRequests, pending.memberChangeRequests, pending.openTransfers]
          .map((part) => (part as { count: number } | null)?.count ?? 0)
          .reduce((n, count) => n + count, 0) + ((pending.runningImports as number | null) ?? 0);
      return { org, children: parts.children, members: parts.members, pending: { ...pending, total }, partial: parts.failed };
    }),
  );
  return app;
}

async function composed(c: Context, deps: ComposeDependencies, view: (call: ServiceCall) => Promise<unknown>): Promise<Response> {
  const caller = (await deps.edge.authenticate(c, false))!;
  const limits = await deps.edge.limit(caller, deps.clientAddress(c));
  for (const [name, value] of Object.entries(limits)) c.header(name, value);
  c.header('cache-control', 'private, no-store');
  try {
    return c.json(await view(serviceCaller(c, deps.upstreams, deps.timeoutMs)));
  } catch (error) {
    if (error instanceof ServiceCallError) {
      const res = error.toResponse();
      for (const [name, value] of Object.entries(limits)) res.headers.set(name, value);
      return res;
    }
    throw error;
  }
}
