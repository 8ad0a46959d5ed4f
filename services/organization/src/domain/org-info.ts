/**
 * The fields of an org that its admins edit ("完善组织信息"), apart from the secretary, which has
 * its own verified path.
 */
export const EDITABLE_ORG_FIELDS = ['name', 'shortName', 'type', 'contactPhone', 'industry'] as const;
export type EditableOrgField = (typeof EDITABLE_ORG_FIELDS)[number];
export type OrgInfo = { [K in EditableOrgField]?: string | null };

/** One changed field: what it was when the change was asked for, and what it should become. */
export interface FieldChange {
  from: string | null;
  to: string | null;
}
export type OrgInfoDiff = Partial<Record<EditableOrgField, FieldChange>>;

const valueOf = (info: OrgInfo, field: EditableOrgField): string | null => info[field] ?? null;

/** The field-level diff of a patch against the current info; fields that would not change are left out. */
export function diffOrgInfo(current: OrgInfo, patch: OrgInfo): OrgInfoDiff {
  const diff: OrgInfoDiff = {};
  for (const field of EDITABLE_ORG_FIELDS) {
    if (!(field in patch)) continue;
    const from = valueOf(current, field);
    const to = valueOf(patch, field);
    if (from !== to) diff[field] = { from, to };
  }
  return diff;
}

/**
 * The fields of a request that changed since it was made. An approval applies the diff on top of
 * the current state; it is refused when any field it touches no longer holds its `from` value,
 * since approving would silently undo someone else's change.
 */
export function staleFields(current: OrgInfo, diff: OrgInfoDiff): EditableOrgField[] {
  return changedFields(diff).filter((field) => valueOf(current, field) !== diff[field]!.from);
}

/** True when every field already holds its requested value (e.g. an approval that was interrupted after applying). */
export function alreadyApplied(current: OrgInfo, diff: OrgInfoDiff): boolean {
  return changedFields(diff).every((field) => valueOf(current, field) === diff[field]!.to);
}

export function changedFields(diff: OrgInfoDiff): EditableOrgField[] {
  return EDITABLE_ORG_FIELDS.filter((f) => f in diff);
}

/** The `$set`/`$unset` of an update that applies a diff. */
export function updateForDiff(diff: OrgInfoDiff): { $set: Record<string, string>; $unset: Record<string, ''> } {
  const $set: Record<string, string> = {};
  const $unset: Record<string, ''> = {};
  for (const field of changedFields(diff)) {
    const to = diff[field]!.to;
    if (to === null) $unset[field] = '';
    else $set[field] = to;
  }
  return { $set, $unset };
}

export const ORG_FIELD_LABELS: Record<EditableOrgField, string> = {
  name: '组织名称',
  shortName: '组织简称',
  type: '组织类型',
  contactPhone: '联系电话',
  industry: '所属行业',
};
