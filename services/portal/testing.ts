/**
 * The portal for other teams' tests (`@zhtj/portal/testing`): how its server reads its
 * environment, for deploy's checks of compose files and manifests. Nothing else outside the
 * portal imports its files (the `zhtj/service-boundaries` lint rule); it is resolved only under
 * the `development` condition.
 */
export { loadPortalConfig, PORTAL_CONFIG_VARIABLES } from './server/config.js';
