/**
 * identity for other teams' tests, benchmarks and the demo seed (`@zhtj/identity/testing`): its
 * composition, app and consumers to run beside theirs, the settings and command stand-ins its own
 * tests use, and its accounts as stored. Nothing else outside this service imports its src or its
 * tests (the `zhtj/service-boundaries` lint rule); it is resolved only under the `development`
 * condition.
 */
import type { Connection, Model } from 'mongoose';
import { accountModel, type AccountDocument } from './src/store/account.model.js';

export { createApp } from './src/app.js';
export { composeIdentity, type IdentityGraph } from './src/compose.js';
export { configSchema } from './src/config.js';
export { hashPassword } from './src/crypto/password-hashing.js';
export { startSubscriptions } from './src/events/subscriptions.js';
export { seedDemoAdmin } from './src/seed/seed-demo-admin.js';
export { issueAccessToken } from './src/tokens/access-token.js';
export { testCommands, testIdentitySettings } from './test/settings.js';
export type { AccountDocument };

/** identity's accounts as stored, to set up or check them. */
export function identityCollections(connection: Connection): { accounts: Model<AccountDocument> } {
  return { accounts: accountModel(connection) };
}
