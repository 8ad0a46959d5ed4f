import type { Connection } from 'mongoose';
import { createEvent, newId, orgCreatedV1, type OrgType } from '@zhtj/contracts';
import { orgModel } from '../store/org.model.js';

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
  const Org = orgModel(connection);
  await Org.init();
  const ensure = async (node: DemoNode, parent: { id: string; ancestors: string[] } | null): Promise<string> => {
    const parentId = parent?.id ?? null;
    const existing = await Org.findOne({ parentId, name: node.name }).select('_id').lean();
    let id = existing?._id;
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
      await Org.create({ _id: id, ...snapshot, outbox: [event] });
    }
    const self = { id, ancestors: parent ? [...parent.ancestors, parent.id] : [] };
    for (const child of node.children ?? []) await ensure(child, self);
    return id;
  };
  const rootOrgId = await ensure(demoTree, null);
  return { rootOrgId, rootOrgName: demoTree.name };
}
