import type { RoleGrant } from '@zhtj/contracts';

declare const inboxBrand: unique symbol;

/**
 * The addresses whose messages a caller reads: their own account, and every org they administer
 * now (so a new admin sees the org's open items, and one who lost the post stops seeing them with
 * the token that still named it). Only `inboxOf` makes one, from the caller's verified roles.
 */
export type Inbox = readonly string[] & { readonly [inboxBrand]: true };

export const accountAddress = (accountId: string) => `account:${accountId}`;
export const orgAddress = (orgId: string) => `org:${orgId}`;

export function inboxOf(caller: { accountId: string; roles: readonly RoleGrant[] }): Inbox {
  const orgs = caller.roles.flatMap((r) => (r.role === 'org_admin' ? [orgAddress(r.orgId)] : []));
  return [accountAddress(caller.accountId), ...new Set(orgs)] as unknown as Inbox;
}

/** Whom a message goes to, as the API shows it. */
export function recipientOf(address: string): { orgId: string } | { accountId: string } {
  const [kind, id = ''] = address.split(':');
  return kind === 'org' ? { orgId: id } : { accountId: id };
}
