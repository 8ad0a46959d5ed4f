import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, Skeleton, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Org } from '../../api/types';
import { ORG_TYPE } from '../../ui/labels';

/** Children of one org, every page of them (200 a page; a tree level is rarely longer). */
async function allChildren(orgId: string): Promise<Org[]> {
  const items: Org[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/orgs/{id}/children', {
        params: { path: { id: orgId }, query: { limit: '200', ...(cursor ? { cursor } : {}) } },
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < 2000);
  return items;
}

/** Under ['children', id] so that whatever changes an org's children (a new child) refreshes its level too. */
const childrenQuery = (orgId: string) => ({ queryKey: ['children', orgId, 'all'], queryFn: () => allChildren(orgId) });

/**
 * The tree below the orgs I administer, each level loaded when opened (a county's tree is
 * thousands of orgs) and kept in the query cache, so a child created elsewhere on the page shows
 * here too. Arrow keys move, Enter opens the org's page.
 */
export function OrgTree({ roots, selected }: { roots: string[]; selected: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = useState<string[]>(roots);
  const rootOrgs = useQueries({
    queries: roots.map((id) => ({
      queryKey: ['org', id],
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}', { params: { path: { id } } })),
    })),
  });
  const levels = useQueries({ queries: expanded.map(childrenQuery) });
  const childrenOf = new Map(expanded.map((id, i) => [id, levels[i]?.data]));
  const nodeOf = (org: Org): DataNode => ({
    key: org.id,
    title: `${org.name}（${ORG_TYPE[org.type]}）`,
    isLeaf: org.type === 'branch',
    children: childrenOf.get(org.id)?.map(nodeOf),
  });

  if (rootOrgs.some((q) => q.error)) return <Alert type="error" showIcon title="组织树加载失败，请刷新页面重试" />;
  if (!rootOrgs.every((q) => q.data)) return <Skeleton active />;
  const failedLevel = levels.find((l) => l.error);
  return (
    <>
      {failedLevel ? <Alert type="error" showIcon title={`下级组织加载失败：${failedLevel.error!.message}`} /> : null}
      <Tree
        aria-label="组织树"
        treeData={rootOrgs.map((q) => nodeOf(q.data!))}
        selectedKeys={[selected]}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(String))}
        // A failure shows above (the level's query holds it); the tree must not retry on its own.
        loadData={(node) =>
          queryClient.ensureQueryData(childrenQuery(String(node.key))).then(
            () => undefined,
            () => undefined,
          )
        }
        onSelect={(keys) => {
          if (keys[0]) navigate(`/orgs/${String(keys[0])}`);
        }}
      />
    </>
  );
}
