import { Hono, type Context } from 'hono';
import { decisionBody } from '@zhtj/contracts';
import { readJson, type AuthEnv } from '@zhtj/service-kit';
import type { OrgInfoDependencies } from '../usecases/change-org-info.js';
import { approveChangeRequest, rejectChangeRequest, toChangeRequestView } from '../usecases/decide-change-request.js';
import { toOrgView } from '../usecases/org-view.js';
import { idParam } from './params.js';

/** The superior's admin decides on a change request; the body (a comment) is optional. */
export function orgChangeRequestRoutes(deps: OrgInfoDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const comment = async (c: Context<AuthEnv>) =>
    c.req.header('content-type') ? (await readJson(c, decisionBody)).comment : undefined;

  app.post('/:id/approve', async (c) => {
    const caller = c.get('caller');
    const { request, org } = await approveChangeRequest(deps, caller, idParam(c, 'CHANGE_REQUEST_NOT_FOUND'), await comment(c));
    return c.json({ changeRequest: toChangeRequestView(request), org: toOrgView(org, caller.roles) });
  });
  app.post('/:id/reject', async (c) => {
    const request = await rejectChangeRequest(deps, c.get('caller'), idParam(c, 'CHANGE_REQUEST_NOT_FOUND'), await comment(c));
    return c.json({ changeRequest: toChangeRequestView(request) });
  });
  return app;
}
