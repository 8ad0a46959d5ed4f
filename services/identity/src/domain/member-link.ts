import type { RoleGrant } from '@zhtj/contracts';

/**
 * The part of an account that follows the person's member record in membership: which record,
 * how far along its history (membership's version), and the branch the member role grants.
 */
export interface MemberLink {
  roles: readonly RoleGrant[];
  memberId?: string | null | undefined;
  /** membership's version of the record when identity last followed it (1 = as created). */
  memberVersion?: number | null | undefined;
  /** The record was removed: the account keeps only its other roles. */
  memberRemoved?: boolean | null | undefined;
  branchId?: string | null | undefined;
  branchAncestors?: readonly string[] | null | undefined;
}

/** What membership said happened to a member record. */
interface Placed {
  memberId: string;
  version: number;
  branchId: string;
  branchAncestors: readonly string[];
}
export type PlacementChange =
  (Placed & { kind: 'created' }) | (Placed & { kind: 'moved' }) | { kind: 'removed'; memberId: string; version: number };

/** A move or a removal: what can happen to a record after its creation. */
export type LaterChange = Exclude<PlacementChange, { kind: 'created' }>;

export interface FollowedLink {
  link: {
    roles: RoleGrant[];
    memberId: string;
    memberVersion: number;
    memberRemoved: boolean;
    branchId: string | null;
    branchAncestors: string[];
  };
  /** The account lost a grant it held: tokens issued before the change must stop working. */
  lostAuthority: boolean;
}

/**
 * The account after a change of its member record, or null when the change is not news: a
 * redelivered or older event, or one about a record the account no longer follows. Pure, so the
 * ordering rules are tested without a database:
 * - a move or removal applies only to the record the account follows, and only if newer than
 *   what was applied (membership's version);
 * - a creation links the account to that record unless it already follows a newer one: member
 *   ids are UUIDv7, ordered by creation time, and a person is re-added only after the old record
 *   was removed — so a late redelivery of an old record's creation never undoes a re-add;
 * - the account holds exactly one member role, of the branch it follows: a re-add elsewhere
 *   replaces the old branch's role instead of adding to it.
 */
export function followMember(current: MemberLink, change: PlacementChange): FollowedLink | null {
  const following = current.memberId ?? null;
  if (change.kind === 'created') {
    if (following === change.memberId) return null;
    if (following !== null && change.memberId < following) return null;
  } else {
    if (following !== change.memberId) return null;
    if ((current.memberVersion ?? 1) >= change.version) return null;
    if (current.memberRemoved) return null;
  }
  const others = current.roles.filter((r) => r.role !== 'member');
  const before = current.roles.filter((r) => r.role === 'member').map((r) => r.orgId);
  if (change.kind === 'removed') {
    return {
      link: {
        roles: others,
        memberId: change.memberId,
        memberVersion: change.version,
        memberRemoved: true,
        branchId: null,
        branchAncestors: [],
      },
      lostAuthority: before.length > 0,
    };
  }
  return {
    link: {
      roles: [...others, { role: 'member', orgId: change.branchId }],
      memberId: change.memberId,
      memberVersion: change.version,
      memberRemoved: false,
      branchId: change.branchId,
      branchAncestors: [...change.branchAncestors],
    },
    lostAuthority: before.some((orgId) => orgId !== change.branchId),
  };
}

/** An account can sign in only while it grants something: a removed member's account without other roles cannot. */
export function canSignIn(account: Pick<MemberLink, 'roles'>): boolean {
  return account.roles.length > 0;
}
