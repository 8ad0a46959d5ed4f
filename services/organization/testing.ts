/**
 * organization for other teams' tests, benchmarks and the demo seed (`@zhtj/organization/testing`):
 * its parts to run beside theirs — identity's registration tests need the real redeem command —
 * its test harness, and its collections to set up a tree or check what it stored. Nothing else
 * outside this service imports its src or its tests (the `zhtj/service-boundaries` lint rule); it
 * is resolved only under the `development` condition, so nothing of it ships in an image.
 */
import type { Connection, Model } from 'mongoose';
import { orgModel, type OrgDocument } from './src/store/org.model.js';
import { OrgRepository } from './src/store/org.repository.js';
import { registrationCodeModel, type RegistrationCodeDocument } from './src/store/registration-code.model.js';
import { RegistrationCodeRepository } from './src/store/registration-code.repository.js';

export { createApp, type AppDependencies } from './src/app.js';
export { composeOrganization } from './src/compose.js';
export { configSchema } from './src/config.js';
export { nameGrams } from './src/domain/org-name-search.js';
export { serveCommands } from './src/events/commands.js';
export { countNameGrams } from './src/store/backfill-name-grams.js';
export { seedDemoTree } from './src/seed/seed-demo-tree.js';
export { generateRegistrationCodes } from './src/usecases/generate-registration-codes.js';
export { insertOrgs, startOrganization, type OrganizationHarness } from './test/harness.js';
export type { OrgDocument, RegistrationCodeDocument };

export interface OrganizationCollections {
  orgs: Model<OrgDocument>;
  codes: Model<RegistrationCodeDocument>;
}

/** organization's collections on its database, to set up a tree or check what it stored. */
export function organizationCollections(connection: Connection): OrganizationCollections {
  return { orgs: orgModel(connection), codes: registrationCodeModel(connection) };
}

/** The repositories the registration-code command and use cases work on, without the rest of the service. */
export function registrationCodeStores(connection: Connection): { orgs: OrgRepository; codes: RegistrationCodeRepository } {
  return {
    orgs: new OrgRepository(orgModel(connection)),
    codes: new RegistrationCodeRepository(registrationCodeModel(connection)),
  };
}
