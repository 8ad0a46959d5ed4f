/**
 * Field-level diffs for info changes that may wait for approval (orgs, members): what a change
 * asks for, whether it went stale while it waited, and the update that applies it.
 */

/** One changed field: its value when the change was asked for, and what it should become. */
export interface FieldChange {
  from: string | null;
  to: string | null;
}
export type FieldDiff<F extends string> = Partial<Record<F, FieldChange>>;
export type FieldValues<F extends string> = { [K in F]?: string | null };

export interface FieldDiffer<F extends string> {
  /** The diff of a patch against the current values; fields that would not change are left out. */
  diff(current: FieldValues<F>, patch: FieldValues<F>): FieldDiff<F>;
  /** The fields a diff changes, in the declared order. */
  changed(diff: FieldDiff<F>): F[];
  /**
   * The fields of a waiting change that changed since it was asked for. Approving applies the
   * diff on top of the current values, so it is refused when any field it touches no longer holds
   * its `from` value: approving would silently undo someone else's change.
   */
  stale(current: FieldValues<F>, diff: FieldDiff<F>): F[];
  /** True when every field already holds its new value (e.g. an approval interrupted after applying). */
  applied(current: FieldValues<F>, diff: FieldDiff<F>): boolean;
  /** The `$set`/`$unset` of an update that applies a diff (`null` clears a field). */
  update(diff: FieldDiff<F>): { $set: Record<string, string>; $unset: Record<string, ''> };
}

/** A differ over the named fields. */
export function fieldDiffer<F extends string>(fields: readonly F[]): FieldDiffer<F> {
  const valueOf = (values: FieldValues<F>, field: F): string | null => values[field] ?? null;
  const changed = (diff: FieldDiff<F>) => fields.filter((f) => f in diff);
  return {
    diff(current, patch) {
      const diff: FieldDiff<F> = {};
      for (const field of fields) {
        if (!(field in patch)) continue;
        const [from, to] = [valueOf(current, field), valueOf(patch, field)];
        if (from !== to) diff[field] = { from, to };
      }
      return diff;
    },
    changed,
    stale: (current, diff) => changed(diff).filter((f) => valueOf(current, f) !== diff[f]!.from),
    applied: (current, diff) => changed(diff).every((f) => valueOf(current, f) === diff[f]!.to),
    update(diff) {
      const $set: Record<string, string> = {};
      const $unset: Record<string, ''> = {};
      for (const field of changed(diff)) {
        const to = diff[field]!.to;
        if (to === null) $unset[field] = '';
        else $set[field] = to;
      }
      return { $set, $unset };
    },
  };
}
