import type { Config } from './config.js';

/** The services behind the gateway, by the name clients see in /api/v1/status. */
export const upstreamNames = [
  'identity',
  'organization',
  'membership',
  'transfer',
  'import',
  'notification',
  'statistics',
] as const;
export type UpstreamName = (typeof upstreamNames)[number];

export type UpstreamUrls = Record<UpstreamName, string>;

export function upstreamUrls(config: Config): UpstreamUrls {
  return {
    identity: config.IDENTITY_URL,
    organization: config.ORGANIZATION_URL,
    membership: config.MEMBERSHIP_URL,
    transfer: config.TRANSFER_URL,
    import: config.IMPORT_URL,
    notification: config.NOTIFICATION_URL,
    statistics: config.STATISTICS_URL,
  };
}
