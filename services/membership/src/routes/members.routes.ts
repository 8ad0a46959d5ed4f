import { Hono } from 'hono';
import {
  createCadreBody,
  createMemberBody,
  decisionBody,
  memberChangeRequestQuery,
  memberListQuery,
  pageQuery,
  patchMemberBody,
  removeMemberQuery,
} from '@zhtj/contracts';
import { idParam, readJson, readOptionalJson, readQuery, type AuthEnv } from '@zhtj/service-kit';
import type { AppDependencies } from '../app.js';
import { addMember } from '../usecases/add-member.js';
import { addCadre, listCadres, toCadreView } from '../usecases/cadres.js';
import { changeMemberInfo } from '../usecases/change-member-info.js';
import {
  approveMemberChange,
  listChangesOfMember,
  listMemberChanges,
  rejectMemberChange,
  toMemberChangeView,
} from '../usecases/decide-member-change.js';
import { seesInFull, toMemberView } from '../usecases/member-view.js';
import { listMembers, readMember } from '../usecases/read-members.js';
import { removeMember } from '../usecases/remove-member.js';

/** Routes under /orgs/:id that membership answers: members, their change requests, cadres. */
export function orgMemberRoutes(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/:id/members', async (c) =>
    c.json(await listMembers(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), readQuery(c, memberListQuery))),
  );

  app.post('/:id/members', async (c) => {
    const member = await addMember(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), await readJson(c, createMemberBody));
    c.header('location', `/members/${member._id}`);
    return c.json(toMemberView(member, { full: true }), 201);
  });

  app.get('/:id/member-change-requests', async (c) =>
    c.json(
      await listMemberChanges(deps, c.get('caller').roles, idParam(c, 'ORG_NOT_FOUND'), readQuery(c, memberChangeRequestQuery)),
    ),
  );

  app.get('/:id/cadres', async (c) =>
    c.json(await listCadres(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), readQuery(c, pageQuery))),
  );
  app.post('/:id/cadres', async (c) => {
    const cadre = await addCadre(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), await readJson(c, createCadreBody));
    return c.json(toCadreView(cadre), 201);
  });
  return app;
}

/** /members/:id and /member-change-requests/:id. */
export function memberRoutes(deps: AppDependencies): { members: Hono<AuthEnv>; changeRequests: Hono<AuthEnv> } {
  const members = new Hono<AuthEnv>();
  members.get('/:id', async (c) => c.json(await readMember(deps.members, c.get('caller'), idParam(c, 'MEMBER_NOT_FOUND'))));
  members.get('/:id/change-requests', async (c) =>
    c.json(
      await listChangesOfMember(deps, c.get('caller'), idParam(c, 'MEMBER_NOT_FOUND'), readQuery(c, memberChangeRequestQuery)),
    ),
  );
  members.patch('/:id', async (c) => {
    const caller = c.get('caller');
    const outcome = await changeMemberInfo(deps, caller, idParam(c, 'MEMBER_NOT_FOUND'), await readJson(c, patchMemberBody));
    if ('applied' in outcome) return c.json(toMemberView(outcome.applied, { full: seesInFull(caller, outcome.applied) }));
    const request = toMemberChangeView(outcome.changeRequest);
    return c.json({ changeRequestId: request.id, changeRequest: request }, 202);
  });
  members.delete('/:id', async (c) => {
    await removeMember(deps, c.get('caller'), idParam(c, 'MEMBER_NOT_FOUND'), readQuery(c, removeMemberQuery).version);
    return c.body(null, 204);
  });

  const changeRequests = new Hono<AuthEnv>();
  changeRequests.post('/:id/approve', async (c) => {
    const caller = c.get('caller');
    const { request, member } = await approveMemberChange(
      deps,
      caller,
      idParam(c, 'CHANGE_REQUEST_NOT_FOUND'),
      (await readOptionalJson(c, decisionBody))?.comment,
    );
    return c.json({ changeRequest: toMemberChangeView(request), member: toMemberView(member, { full: true }) });
  });
  changeRequests.post('/:id/reject', async (c) => {
    const request = await rejectMemberChange(
      deps,
      c.get('caller'),
      idParam(c, 'CHANGE_REQUEST_NOT_FOUND'),
      (await readOptionalJson(c, decisionBody))?.comment,
    );
    return c.json({ changeRequest: toMemberChangeView(request) });
  });
  return { members, changeRequests };
}
