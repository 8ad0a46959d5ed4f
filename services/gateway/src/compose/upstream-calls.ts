import { z } from 'zod';
import type { UpstreamName } from '../services.js';

/** The page size composed counts ask for: counts are exact up to it, "more" beyond. */
export const COUNT_PAGE = 200;

/** A page of a list as the services answer it; the items' fields pass through unread. */
const pageOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item), nextCursor: z.string().nullable() });

/** One call a composed view makes: the service, the path for its arguments, and what it reads from the answer. */
export interface UpstreamCall<A extends unknown[], R extends z.ZodType> {
  service: UpstreamName;
  path: (...args: A) => string;
  /** Only the fields the gateway reads; the rest of the answer passes through untouched. */
  reply: R;
}

const call = <A extends unknown[], R extends z.ZodType>(service: UpstreamName, path: (...args: A) => string, reply: R) =>
  ({ service, path, reply }) satisfies UpstreamCall<A, R>;
const segment = (id: string) => encodeURIComponent(id);

/**
 * Every call the gateway's composed views (GET /me, GET /members/:id, GET /orgs/:id/overview)
 * make to the services, and what they read from each answer: the gateway's side of its HTTP
 * contracts with the services. test/contract/http replays the services' recorded answers through
 * these schemas and checks the running services still answer in those shapes.
 */
export const upstreamCalls = {
  statistics: call(
    'statistics',
    (orgId: string) => `/orgs/${segment(orgId)}/statistics`,
    z.looseObject({ members: z.number().int(), branches: z.looseObject({ total: z.number().int() }) }),
  ),
  unreadMessages: call('notification', () => '/messages/unread-count', z.looseObject({ unread: z.number().int() })),
  account: call('identity', () => '/auth/me', z.looseObject({ id: z.string(), name: z.string() })),
  member: call(
    'membership',
    (memberId: string) => `/members/${segment(memberId)}`,
    z.looseObject({ id: z.string(), branchId: z.string() }),
  ),
  org: call(
    'organization',
    (orgId: string) => `/orgs/${segment(orgId)}`,
    z.looseObject({ id: z.string(), name: z.string(), type: z.string() }),
  ),
  orgPath: call(
    'organization',
    (orgId: string) => `/orgs/${segment(orgId)}/path`,
    z.looseObject({ items: z.array(z.looseObject({ id: z.string(), name: z.string() })) }),
  ),
  orgChildren: call(
    'organization',
    (orgId: string) => `/orgs/${segment(orgId)}/children?limit=${COUNT_PAGE}`,
    pageOf(z.unknown()),
  ),
  orgChangeRequests: call(
    'organization',
    (orgId: string) => `/orgs/${segment(orgId)}/change-requests?limit=${COUNT_PAGE}`,
    pageOf(z.unknown()),
  ),
  orgMembers: call('membership', (orgId: string) => `/orgs/${segment(orgId)}/members?limit=${COUNT_PAGE}`, pageOf(z.unknown())),
  memberChangeRequests: call(
    'membership',
    (orgId: string) => `/orgs/${segment(orgId)}/member-change-requests?limit=${COUNT_PAGE}`,
    pageOf(z.unknown()),
  ),
  transfersAwaitingMe: call('transfer', () => `/transfers?awaiting=me&limit=${COUNT_PAGE}`, pageOf(z.unknown())),
  openTransfers: call(
    'transfer',
    (orgId: string) => `/transfers?orgId=${segment(orgId)}&status=open&limit=${COUNT_PAGE}`,
    pageOf(z.unknown()),
  ),
  imports: call(
    'import',
    (orgId: string) => `/orgs/${segment(orgId)}/imports?limit=50`,
    pageOf(z.looseObject({ status: z.string() })),
  ),
};

export type UpstreamCallName = keyof typeof upstreamCalls;
