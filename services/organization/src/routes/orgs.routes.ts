import { Hono } from 'hono';
import {
  createOrgBody,
  dissolveOrgBody,
  orgChangeRequestQuery,
  orgChildrenQuery,
  pageQuery,
  patchOrgBody,
  secretaryBody,
} from '@zhtj/contracts';
import { maskIdNumber } from '@zhtj/id-number';
import { idParam, readJson, readQuery, requireManage, type AuthEnv } from '@zhtj/service-kit';
import type { SecretaryVerifier } from '../domain/secretary-verifier.js';
import type { BranchMemberRepository } from '../store/branch-member.repository.js';
import type { OrgChangeRequestRepository } from '../store/org-change-request.repository.js';
import { placeOf, type OrgRepository } from '../store/org.repository.js';
import { changeOrgInfo } from '../usecases/change-org-info.js';
import { createOrg } from '../usecases/create-org.js';
import { listChangeRequests, toChangeRequestView } from '../usecases/decide-change-request.js';
import { dissolveOrg } from '../usecases/dissolve-org.js';
import { toOrgView } from '../usecases/org-view.js';
import { listChildren, listSubtree, orgPath, readableOrg } from '../usecases/read-orgs.js';
import { setSecretary } from '../usecases/set-secretary.js';

export interface OrgRoutesDependencies {
  orgs: OrgRepository;
  changeRequests: OrgChangeRequestRepository;
  branchMembers: BranchMemberRepository;
  verifier: SecretaryVerifier;
}

/** The tree: create, read, page through, change info (with approval), secretary, dissolve. */
export function orgRoutes(deps: OrgRoutesDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/', async (c) => {
    const org = await createOrg(deps, c.get('caller'), await readJson(c, createOrgBody));
    c.header('location', `/orgs/${org._id}`);
    return c.json(toOrgView(org, c.get('caller').roles), 201);
  });

  app.get('/:id', async (c) => {
    const roles = c.get('caller').roles;
    return c.json(toOrgView((await readableOrg(deps.orgs, roles, idParam(c, 'ORG_NOT_FOUND'))).org, roles));
  });

  app.get('/:id/children', async (c) =>
    c.json(await listChildren(deps.orgs, c.get('caller').roles, idParam(c, 'ORG_NOT_FOUND'), readQuery(c, orgChildrenQuery))),
  );
  app.get('/:id/subtree', async (c) =>
    c.json(await listSubtree(deps.orgs, c.get('caller').roles, idParam(c, 'ORG_NOT_FOUND'), readQuery(c, pageQuery))),
  );
  app.get('/:id/path', async (c) => c.json(await orgPath(deps.orgs, c.get('caller').roles, idParam(c, 'ORG_NOT_FOUND'))));

  app.patch('/:id', async (c) => {
    const caller = c.get('caller');
    const outcome = await changeOrgInfo(deps, caller, idParam(c, 'ORG_NOT_FOUND'), await readJson(c, patchOrgBody));
    if ('applied' in outcome) return c.json(toOrgView(outcome.applied, caller.roles));
    const request = toChangeRequestView(outcome.changeRequest);
    return c.json({ changeRequestId: request.id, changeRequest: request }, 202);
  });

  app.put('/:id/secretary', async (c) => {
    const caller = c.get('caller');
    const org = await setSecretary(deps, caller, idParam(c, 'ORG_NOT_FOUND'), await readJson(c, secretaryBody));
    return c.json(toOrgView(org, caller.roles));
  });

  app.get('/:id/secretary/history', async (c) => {
    const caller = c.get('caller');
    const { org } = await readableOrg(deps.orgs, caller.roles, idParam(c, 'ORG_NOT_FOUND'));
    // The earlier secretaries' ID numbers (masked) are for those who manage the org.
    requireManage(caller.roles, placeOf(org));
    const items = [...org.secretaryHistory].reverse().map((s) => ({
      name: s.name,
      idNumber: maskIdNumber(s.idNumber),
      setAt: new Date(s.setAt).toISOString(),
      replacedAt: new Date(s.replacedAt).toISOString(),
    }));
    return c.json({ items });
  });

  app.post('/:id/dissolve', async (c) => {
    const caller = c.get('caller');
    const { version } = await readJson(c, dissolveOrgBody);
    return c.json(toOrgView(await dissolveOrg(deps, caller, idParam(c, 'ORG_NOT_FOUND'), version), caller.roles));
  });

  app.get('/:id/change-requests', async (c) =>
    c.json(
      await listChangeRequests(deps, c.get('caller').roles, idParam(c, 'ORG_NOT_FOUND'), readQuery(c, orgChangeRequestQuery)),
    ),
  );
  return app;
}
