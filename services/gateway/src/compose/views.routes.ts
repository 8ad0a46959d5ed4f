import { Hono, type Context } from 'hono';
import type { ComposeDependencies } from './me.routes.js';
import { countOf, runningOf, settle } from './parts.js';
import { serviceCaller, ServiceCallError, type ServiceCall } from './service-client.js';
import { upstreamCalls } from './upstream-calls.js';

/**
 * Views that enrich one service's answer with others': the member detail with the branch's
 * name and path, and an admin's home page for an org. The main part decides the answer (its
 * service's error is passed on as it is); the rest degrade to `null` with `partial: true`.
 */
export function viewRoutes(deps: ComposeDependencies): Hono {
  const app = new Hono();

  app.get('/members/:id', (c) =>
    composed(c, deps, async (call) => {
      const member = await call(upstreamCalls.member, c.req.param('id'));
      const extra = await settle({ path: call(upstreamCalls.orgPath, member.branchId) });
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
      const id = c.req.param('id');
      const org = await call(upstreamCalls.org, id);
      const parts = await settle({
        children: call(upstreamCalls.orgChildren, id).then(countOf),
        members: call(upstreamCalls.orgMembers, id).then(countOf),
        orgChangeRequests: call(upstreamCalls.orgChangeRequests, id).then(countOf),
        memberChangeRequests: call(upstreamCalls.memberChangeRequests, id).then(countOf),
        openTransfers: call(upstreamCalls.openTransfers, id).then(countOf),
        runningImports: call(upstreamCalls.imports, id).then((page) => runningOf([page])),
        statistics: call(upstreamCalls.statistics, id),
      });
      const pending = {
        orgChangeRequests: parts.orgChangeRequests,
        memberChangeRequests: parts.memberChangeRequests,
        openTransfers: parts.openTransfers,
        runningImports: parts.runningImports,
      };
      // Each part is a `{ count, more }`, or null when its service failed (counted as none).
      const total = [pending.orgChangeRequests, pending.memberChangeRequests, pending.openTransfers, pending.runningImports]
        .map((part) => (part as { count: number } | null)?.count ?? 0)
        .reduce((n, count) => n + count, 0);
      return {
        org,
        children: parts.children,
        members: parts.members,
        pending: { ...pending, total },
        statistics: parts.statistics,
        partial: parts.failed,
      };
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
