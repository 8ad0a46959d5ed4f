import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';

// The reads more than one page makes: one key and one call each, so that the pages share one
// cached answer (and one invalidation) instead of each writing the call out.

/** GET /orgs/{id}: an org as the caller may see it. */
export const orgQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}', { params: { path: { id: orgId } } })),
  });

/** GET /me: the signed-in person's home (their orgs, their record, the to-do counts). */
export const meQuery = () => queryOptions({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')) });

export const MEMBERS_PAGE_SIZE = 50;

export interface MembersPageKey {
  scope: 'branch' | 'subtree';
  q: string;
  cursor: string | undefined;
}

/** What 团员管理 shows first: the branch's own members, no search, the first page. */
export const FIRST_MEMBERS_PAGE: MembersPageKey = { scope: 'branch', q: '', cursor: undefined };

/** GET /orgs/{id}/members: one page of an org's members, ID numbers and phones masked. */
export const membersPageQuery = (orgId: string, { scope, q, cursor }: MembersPageKey) =>
  queryOptions({
    queryKey: ['members', orgId, scope, q, cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/members', {
          params: {
            path: { id: orgId },
            query: { scope, limit: String(MEMBERS_PAGE_SIZE), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
  });

/** GET /orgs/{id}/statistics: the figures of the org's whole subtree (kept live by the service; read again every 30 s). */
export const statisticsQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['statistics', orgId],
    refetchInterval: 30_000,
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/statistics', { params: { path: { id: orgId } } })),
  });
