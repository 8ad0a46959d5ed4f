import { Hono } from 'hono';
import { decisionBody } from '@zhtj/contracts';
import { idParam, readOptionalJson, type AuthEnv } from '@zhtj/service-kit';
import type { OrgInfoDependencies } from '../usecases/change-org-info.js';
import { approveChangeRequest, rejectChangeRequest, toChangeRequestView } from '../usecases/decide-change-request.js';
import { toOrgView } from '../usecases/org-view.js';

/** The superior's admin decides on a change request; the body (a comment) is optional. */
export function orgChangeRequestRoutes(deps: OrgInfoDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.post('/:id/approve', async (c) => {
    const caller = c.get('caller');
    const { request, org } = await approveChangeRequest(
      deps,
      caller,
      idParam(c, 'CHANGE_REQUEST_NOT_FOUND'),
      (await readOptionalJson(c, decisionBody))?.comment,
    );
    return c.json({ changeRequest: toChangeRequestView(request), org: toOrgView(org, caller.roles) });
  });
  app.post('/:id/reject', async (c) => {
    const request = await rejectChangeRequest(
      deps,
      c.get('caller'),
      idParam(c, 'CHANGE_REQUEST_NOT_FOUND'),
      (await readOptionalJson(c, decisionBody))?.comment,
    );
    return c.json({ changeRequest: toChangeRequestView(request) });
  });
  return app;
}
