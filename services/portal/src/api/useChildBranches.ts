import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** The active branches directly under an org (the first 200): where rows are imported, transfers assigned or received. */
export function useChildBranches(orgId: string, enabled = true) {
  return useQuery({
    queryKey: ['children', orgId],
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/children', { params: { path: { id: orgId }, query: { limit: '200' } } })),
    select: (page) => page.items.filter((o) => o.type === 'branch' && o.status === 'active'),
  });
}
