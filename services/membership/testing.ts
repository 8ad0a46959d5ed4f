/**
 * membership for other teams' tests (`@zhtj/membership/testing`): the service's own parts to run
 * beside theirs — transfer's saga tests need the real other half, import's tests its batch-create
 * command — and its collections to check what membership stored. Nothing else outside this
 * service imports its src or its tests (the `zhtj/service-boundaries` lint rule keeps it so). It
 * is resolved only under the `development` condition: nothing of it ships in an image.
 */
import type { Connection, Model } from 'mongoose';
import { cadreModel, type CadreDocument } from './src/store/cadre.model.js';
import { memberModel, type MemberDocument } from './src/store/member.model.js';

export { createApp, type AppDependencies } from './src/app.js';
export { composeMembership } from './src/compose.js';
export { configSchema } from './src/config.js';
export { locateMember, serveCommands } from './src/events/commands.js';
export { createMembers } from './src/usecases/create-members.js';
export { runTransferConsumer } from './src/events/subscriptions.js';
export { startMembership, type MembershipHarness } from './test/harness.js';
export type { CadreDocument, MemberDocument };

export interface MembershipCollections {
  members: Model<MemberDocument>;
  cadres: Model<CadreDocument>;
}

/** membership's collections on its database, for assertions about what it stored. */
export function membershipCollections(connection: Connection): MembershipCollections {
  return { members: memberModel(connection), cadres: cadreModel(connection) };
}
