import { workbookUploadBodyBytes } from '@zhtj/contracts';
import type { SessionRole } from './proxy/session-cookie.js';
import type { UpstreamName } from './services.js';

/**
 * The gateway's routing table — the one place that says which service answers which public
 * path under /api/v1. A service serves the same path without the /api/v1 prefix.
 */
export interface ProxyRoute {
  /** hono path pattern under /api/v1, e.g. `/members/:id`. */
  path: string;
  methods: readonly ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[];
  service: UpstreamName;
  /** How long the service may take before the caller gets 504; default 10 s. */
  timeoutMs?: number;
  /**
   * A workbook upload: its body may be larger than the gateway's BODY_LIMIT_BYTES, up to what
   * import accepts (IMPORT_MAX_FILE_BYTES, and the multipart wrapping).
   */
  upload?: 'workbook';
  /**
   * A long-lived answer (server-sent events): the service must answer its headers within
   * `timeoutMs`, then the body streams through unbuffered for as long as both sides keep it open.
   */
  stream?: true;
  /** Callable without a token (the gateway still limits it per address). Default: a token is required. */
  public?: boolean;
  /** A route of the session: for the portal the refresh token travels in a cookie (proxy/session-cookie.ts). */
  session?: SessionRole;
}

/** The gateway's per-route body limits, from the table: `/orgs/:id/imports` → a path pattern. */
export function largeBodyRoutes(routes: readonly ProxyRoute[], limits: { workbookBytes: number }) {
  return routes.flatMap((route) =>
    route.upload === 'workbook'
      ? route.methods
          .filter((method) => method !== 'GET')
          .map((method) => ({
            method,
            path: new RegExp(`^/api/v1${route.path.replace(/:[^/]+/g, '[^/]+').replace(/\./g, '\\.')}$`),
            maxBytes: workbookUploadBodyBytes(limits.workbookBytes),
            code: 'IMPORT_FILE_TOO_LARGE' as const,
          }))
      : [],
  );
}

export const routeTable: readonly ProxyRoute[] = [
  // identity
  { path: '/auth/captcha', methods: ['GET'], service: 'identity', public: true },
  { path: '/auth/login', methods: ['POST'], service: 'identity', public: true, session: 'issue' },
  { path: '/auth/refresh', methods: ['POST'], service: 'identity', public: true, session: 'rotate' },
  { path: '/auth/logout', methods: ['POST'], service: 'identity', public: true, session: 'end' },
  { path: '/auth/me', methods: ['GET'], service: 'identity' },
  { path: '/auth/password', methods: ['POST'], service: 'identity' },
  { path: '/auth/reset-password', methods: ['POST'], service: 'identity', public: true },
  { path: '/auth/register-admin', methods: ['POST'], service: 'identity', public: true },
  { path: '/members/:id/password-reset-code', methods: ['POST'], service: 'identity' },
  { path: '/.well-known/jwks.json', methods: ['GET'], service: 'identity', public: true },
  // organization
  // Public: the admin registration page finds its org before any login.
  { path: '/org-search', methods: ['GET'], service: 'organization', public: true },
  { path: '/orgs', methods: ['POST'], service: 'organization' },
  { path: '/orgs/:id', methods: ['GET', 'PATCH'], service: 'organization' },
  { path: '/orgs/:id/children', methods: ['GET'], service: 'organization' },
  { path: '/orgs/:id/subtree', methods: ['GET'], service: 'organization' },
  { path: '/orgs/:id/path', methods: ['GET'], service: 'organization' },
  { path: '/orgs/:id/secretary', methods: ['PUT'], service: 'organization' },
  { path: '/orgs/:id/secretary/history', methods: ['GET'], service: 'organization' },
  { path: '/orgs/:id/dissolve', methods: ['POST'], service: 'organization' },
  { path: '/orgs/:id/change-requests', methods: ['GET'], service: 'organization' },
  { path: '/org-change-requests/:id/approve', methods: ['POST'], service: 'organization' },
  { path: '/org-change-requests/:id/reject', methods: ['POST'], service: 'organization' },
  { path: '/orgs/:id/registration-codes', methods: ['GET', 'POST'], service: 'organization' },
  { path: '/orgs/:id/registration-codes.xlsx', methods: ['GET'], service: 'organization' },
  // membership
  { path: '/orgs/:id/members', methods: ['GET', 'POST'], service: 'membership' },
  { path: '/orgs/:id/member-change-requests', methods: ['GET'], service: 'membership' },
  { path: '/orgs/:id/cadres', methods: ['GET', 'POST'], service: 'membership' },
  // GET /members/:id is composed by the gateway (src/compose/views.routes.ts).
  { path: '/members/:id', methods: ['PATCH', 'DELETE'], service: 'membership' },
  { path: '/members/:id/change-requests', methods: ['GET'], service: 'membership' },
  { path: '/member-change-requests/:id/approve', methods: ['POST'], service: 'membership' },
  { path: '/member-change-requests/:id/reject', methods: ['POST'], service: 'membership' },
  // transfer
  { path: '/transfer-reasons', methods: ['GET'], service: 'transfer', public: true },
  { path: '/transfers', methods: ['GET', 'POST'], service: 'transfer' },
  { path: '/transfers/:id', methods: ['GET'], service: 'transfer' },
  { path: '/transfers/:id/approve', methods: ['POST'], service: 'transfer' },
  { path: '/transfers/:id/reject', methods: ['POST'], service: 'transfer' },
  { path: '/transfers/:id/cancel', methods: ['POST'], service: 'transfer' },
  { path: '/transfers/:id/assign', methods: ['POST'], service: 'transfer' },
  // import
  { path: '/imports/template', methods: ['GET'], service: 'import', public: true },
  // The upload streams through (no buffering), with the import service's larger body limit.
  { path: '/orgs/:id/imports', methods: ['GET', 'POST'], service: 'import', timeoutMs: 120_000, upload: 'workbook' },
  { path: '/imports/:id', methods: ['GET'], service: 'import' },
  { path: '/imports/:id/failures.xlsx', methods: ['GET'], service: 'import', timeoutMs: 60_000 },
  // notification
  { path: '/messages', methods: ['GET'], service: 'notification' },
  { path: '/messages/unread-count', methods: ['GET'], service: 'notification' },
  { path: '/messages/read-all', methods: ['POST'], service: 'notification' },
  { path: '/messages/stream', methods: ['GET'], service: 'notification', stream: true },
  { path: '/messages/:id/read', methods: ['POST'], service: 'notification' },
  // statistics
  { path: '/orgs/:id/statistics', methods: ['GET'], service: 'statistics' },
  { path: '/orgs/:id/statistics/children', methods: ['GET'], service: 'statistics' },
  { path: '/orgs/:id/statistics.xlsx', methods: ['GET'], service: 'statistics', timeoutMs: 60_000 },
];
