import { Hono } from 'hono';
import { orgSearchQuery } from '@zhtj/contracts';
import { readQuery } from '@zhtj/service-kit';
import type { OrgRepository } from '../store/org.repository.js';
import { searchOrgs } from '../usecases/search-orgs.js';

/**
 * `GET /org-search?q=`: orgs by part of their name, without a login — the admin registration page
 * picks its org with it, a transfer its target. Names and types only (no secretary, no phone).
 */
export function orgSearchRoutes(deps: { orgs: OrgRepository }): Hono {
  const app = new Hono();
  app.get('/', async (c) => c.json(await searchOrgs(deps.orgs, readQuery(c, orgSearchQuery))));
  return app;
}
