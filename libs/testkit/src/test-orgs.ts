import { createEvent, orgCreatedV1, type EventEnvelope, type OrgType } from '@zhtj/contracts';

/** An org as tests describe it: its place in the tree by ancestor ids, root first. */
export interface TestOrg {
  id: string;
  name: string;
  type: OrgType;
  ancestors: string[];
}

/** The `org.created` organization would publish for it, for services that project the tree. */
export function orgCreatedEvent(org: TestOrg): EventEnvelope {
  return createEvent(
    orgCreatedV1,
    {
      id: org.id,
      name: org.name,
      type: org.type,
      parentId: org.ancestors.at(-1) ?? null,
      ancestors: org.ancestors,
      depth: org.ancestors.length,
      status: 'active',
      version: 1,
    },
    { source: 'test' },
  );
}
