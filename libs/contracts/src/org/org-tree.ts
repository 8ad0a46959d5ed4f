/**
 * Which org types may sit directly under which (the tree's rule, checked by organization and shown
 * by the portal's forms): committees and working committees hold any type, a general branch holds
 * branches only, a branch nothing. Browser-safe: no imports.
 */
export const ALLOWED_CHILD_TYPES = {
  committee: ['committee', 'working_committee', 'general_branch', 'branch'],
  working_committee: ['committee', 'working_committee', 'general_branch', 'branch'],
  general_branch: ['branch'],
  branch: [],
} as const satisfies Record<'committee' | 'working_committee' | 'general_branch' | 'branch', readonly string[]>;

export const allowsChild = (parent: keyof typeof ALLOWED_CHILD_TYPES, child: string): boolean =>
  (ALLOWED_CHILD_TYPES[parent] as readonly string[]).includes(child);
