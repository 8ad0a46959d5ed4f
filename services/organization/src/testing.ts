/**
 * organization for other teams' tests and benchmarks (`@zhtj/organization/testing`): its parts to
 * run beside theirs — identity's registration tests need the real redeem command — and its
 * collections to set up a tree or check what it stored. Nothing else outside this service imports
 * its src.
 */
import type { Connection, Model } from 'mongoose';
import { orgModel, type OrgDocument } from './store/org.model.js';
import { OrgRepository } from './store/org.repository.js';
import { registrationCodeModel, type RegistrationCodeDocument } from './store/registration-code.model.js';
import { RegistrationCodeRepository } from './store/registration-code.repository.js';

export { createApp, type AppDependencies } from './app.js';
export { composeOrganization } from './compose.js';
export { nameGrams } from './domain/org-name-search.js';
export { serveCommands } from './events/commands.js';
export { countNameGrams } from './store/backfill-name-grams.js';
export { seedDemoTree } from './seed/seed-demo-tree.js';
export { generateRegistrationCodes } from './usecases/generate-registration-codes.js';
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
