import type { Connection } from 'mongoose';
import { createEvent, newId, orgCreatedV1, type OrgType } from '@zhtj/contracts';
import { orgModel } from '../store/org.model.js';
import { OrgRepository } from '../store/org.repository.js';

interface DemoNode {
  name: string;
  type: OrgType;
  children?: DemoNode[];
}

/** 示例团委 → 示例团总支 → two branches: enough to try every flow by hand. */
const demoTree: DemoNode = {
  name: '示例团委',
  type: 'committee',
  children: [
    {
      name: '示例团总支',
      type: 'general_branch',
      children: [
        { name: '示例第一团支部', type: 'branch' },
        { name: '示例第二团支部', type: 'branch' },
      ],
    },
  ],
};

/**
 * Creates the demo tree unless it exists (matched by name under the same parent), with the
 * org.created events in each org's outbox. Development only.
 */
export async function seedDemoTree(connection: Connection): Promise<{ rootOrgId: string; rootOrgName: string }> {
  const model = orgModel(connection);
  await model.init();
  const orgs = new OrgRepository(model);
  const ensure = async (node: DemoNode, parent: { id: string; ancestors: string[] } | null): Promise<string> => {
    const parentId = parent?.id ?? null;
    let id = await orgs.idOfChildNamed(parentId, node.name);
    if (!id) {
      id = newId();
      const ancestors = parent ? [...parent.ancestors, parent.id] : [];
      const snapshot = {
        id,
        name: node.name,
        type: node.type,
        parentId,
        ancestors,
        depth: ancestors.length,
        status: 'active' as const,
        version: 1,
      };
      const event = createEvent(orgCreatedV1, snapshot, { source: 'organization' });
      const { id: _id, ...fields } = snapshot;
      await orgs.insertForSystem({ _id, ...fields }, [event]);
    }
    const self = { id, ancestors: parent ? [...parent.ancestors, parent.id] : [] };
    for (const child of node.children ?? []) await ensure(child, self);
    return id;
  };
  const rootOrgId = await ensure(demoTree, null);
  return { rootOrgId, rootOrgName: demoTree.name };
}
