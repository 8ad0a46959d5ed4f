import { allowsChild, type ErrorCode, type OrgType } from '@zhtj/contracts';

/** The deepest `depth` an org may have (the root is 0): national → … → branch in at most 9 levels. */
export const MAX_DEPTH = 8;

export const ORG_TYPE_LABELS: Record<OrgType, { zh: string; en: string }> = {
  committee: { zh: '团委', en: 'committee' },
  working_committee: { zh: '团工委', en: 'working committee' },
  general_branch: { zh: '团总支', en: 'general branch' },
  branch: { zh: '团支部', en: 'branch' },
};

/** A refusal: an error code and its message params. */
export interface Refusal {
  code: ErrorCode;
  params?: Record<string, string | number>;
}

interface Placed {
  name: string;
  type: OrgType;
  depth: number;
  status: 'active' | 'dissolved';
}

/** Whether `childType` may be created under `parent`, or why not. */
export function refuseNewChild(parent: Placed, childType: OrgType): Refusal | null {
  if (parent.status !== 'active') return { code: 'ORG_NOT_ACTIVE', params: { orgName: parent.name } };
  if (parent.type === 'branch') return { code: 'ORG_BRANCH_IS_LEAF' };
  if (!allowsChild(parent.type, childType)) return typeMismatch(parent.type, childType);
  if (parent.depth + 1 > MAX_DEPTH) return { code: 'ORG_DEPTH_EXCEEDED', params: { maxDepth: MAX_DEPTH + 1 } };
  return null;
}

/** What the tree around an org looks like when its type is about to change. */
export interface TypeChangeContext {
  parentType: OrgType | null;
  hasChildren: boolean;
  hasMembers: boolean;
  /** Types of the org's active children. */
  childTypes: readonly OrgType[];
}

/**
 * Whether an org may change from `from` to `to`. Members live only in branches, so a branch that
 * still has members cannot become anything else (they would be orphaned); an org with children
 * cannot become a branch (a branch is a leaf); and the new type must fit under the parent and over
 * the children.
 */
export function refuseTypeChange(from: OrgType, to: OrgType, ctx: TypeChangeContext): Refusal | null {
  if (from === to) return null;
  if (from === 'branch' && ctx.hasMembers) return { code: 'ORG_HAS_MEMBERS', params: { action: '变更组织类型' } };
  if (to === 'branch' && ctx.hasChildren) return { code: 'ORG_HAS_CHILDREN', params: { action: '变更为团支部' } };
  if (ctx.parentType && !allowsChild(ctx.parentType, to)) return typeMismatch(ctx.parentType, to);
  const misfit = ctx.childTypes.find((child) => !allowsChild(to, child));
  if (misfit) return typeMismatch(to, misfit);
  return null;
}

/** Whether an org may be dissolved: nothing may be left under it. */
export function refuseDissolve(
  org: { status: string; name: string },
  ctx: { hasChildren: boolean; hasMembers: boolean },
): Refusal | null {
  if (org.status !== 'active') return { code: 'ORG_NOT_ACTIVE', params: { orgName: org.name } };
  if (ctx.hasChildren) return { code: 'ORG_HAS_CHILDREN', params: { action: '撤销' } };
  if (ctx.hasMembers) return { code: 'ORG_HAS_MEMBERS', params: { action: '撤销' } };
  return null;
}

function typeMismatch(parentType: OrgType, childType: OrgType): Refusal {
  return {
    code: 'ORG_CHILD_TYPE_NOT_ALLOWED',
    params: { parentType: ORG_TYPE_LABELS[parentType].zh, childType: ORG_TYPE_LABELS[childType].zh },
  };
}
