/**
 * membership for other teams' tests (`@zhtj/membership/testing`): the service's own parts to run
 * beside theirs — transfer's saga tests need the real other half, import's tests its batch-create
 * command — and its collections to check what membership stored. Nothing else outside this
 * service imports its src (the `zhtj/service-boundaries` lint rule keeps it so).
 */
import type { Connection, Model } from 'mongoose';
import { cadreModel, type CadreDocument } from './store/cadre.model.js';
import { memberModel, type MemberDocument } from './store/member.model.js';

export { createApp, type AppDependencies } from './app.js';
export { composeMembership } from './compose.js';
export { serveCommands } from './events/commands.js';
export { runTransferConsumer } from './events/subscriptions.js';
export type { CadreDocument, MemberDocument };

export interface MembershipCollections {
  members: Model<MemberDocument>;
  cadres: Model<CadreDocument>;
}

/** membership's collections on its database, for assertions about what it stored. */
export function membershipCollections(connection: Connection): MembershipCollections {
  return { members: memberModel(connection), cadres: cadreModel(connection) };
}
