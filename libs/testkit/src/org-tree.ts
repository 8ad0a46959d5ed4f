import { newId, type OrgType } from '@zhtj/contracts';

/** An org as a generated tree holds it: the fields every service's projection keeps. */
export interface GeneratedOrg {
  id: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  ancestors: string[];
  depth: number;
}

export interface OrgTreeOptions {
  /** How many orgs in all, the root included. */
  size: number;
  /**
   * Children per org at each depth: the national committee has 31 provinces, a province ~13
   * cities, a city ~8 counties, and below a county schools, towns and enterprises fan out into
   * branches. The last value repeats.
   */
  fanOut?: readonly number[];
}

const DEFAULT_FAN_OUT = [31, 13, 8, 6, 8, 6] as const;
const LEVEL_NAMES = ['团中央', '省级团委', '市级团委', '县级团委'] as const;

/**
 * A realistic league tree of the chosen size (1 → 31 → ~400 → ~3,000 → … branches), level by
 * level with the children of a level spread evenly over its parents, so any size gives a tree as
 * balanced as the real one. Parents always come before their children in the result. Types follow
 * the rules: committees down to counties, then grassroots committees, general branches and
 * branches; a general branch holds only branches and a branch is a leaf.
 */
export function generateOrgTree(options: OrgTreeOptions): GeneratedOrg[] {
  const fanOut = options.fanOut ?? DEFAULT_FAN_OUT;
  const root: GeneratedOrg = { id: newId(), name: LEVEL_NAMES[0], type: 'committee', parentId: null, ancestors: [], depth: 0 };
  const orgs = [root];
  let parents = [root];
  while (orgs.length < options.size && parents.length > 0) {
    const depth = parents[0]!.depth + 1;
    const perParent = fanOut[Math.min(depth - 1, fanOut.length - 1)]!;
    const level: GeneratedOrg[] = [];
    // Round-robin over the parents: a level cut short by the size is still spread evenly.
    for (let k = 0; k < perParent && orgs.length < options.size; k += 1) {
      for (const parent of parents) {
        if (orgs.length >= options.size) break;
        const type = childType(parent, depth, k);
        const child: GeneratedOrg = {
          id: newId(),
          name: childName(type, depth, k),
          type,
          parentId: parent.id,
          ancestors: [...parent.ancestors, parent.id],
          depth,
        };
        orgs.push(child);
        level.push(child);
      }
    }
    parents = level.filter((o) => o.type !== 'branch');
  }
  return orgs;
}

function childType(parent: GeneratedOrg, depth: number, k: number): OrgType {
  if (parent.type === 'general_branch') return 'branch';
  if (depth <= 3) return 'committee';
  if (depth === 4) return (['committee', 'general_branch', 'working_committee', 'branch'] as const)[k % 4]!;
  return k % 3 === 0 ? 'general_branch' : 'branch';
}

function childName(type: OrgType, depth: number, k: number): string {
  const n = k + 1;
  if (depth < LEVEL_NAMES.length) return `第${n}${LEVEL_NAMES[depth]}`;
  switch (type) {
    case 'committee':
      return `第${n}中学团委`;
    case 'working_committee':
      return `第${n}街道团工委`;
    case 'general_branch':
      return `第${n}团总支`;
    case 'branch':
      return `第${n}团支部`;
  }
}
