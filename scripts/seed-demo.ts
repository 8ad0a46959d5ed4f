import mongoose from 'mongoose';
import { seedDemoAdmin } from '@zhtj/identity/testing';
import { seedDemoTree } from '@zhtj/organization/testing';

export interface DemoCredentials {
  idNumber: string;
  password: string;
  rootOrgId: string;
  rootOrgName: string;
}

/**
 * Seeds the demo through each service's own seed module, into each service's own database
 * (the same database names the services use). Idempotent: running `npm start` again changes
 * nothing but the demo password, which it resets.
 */
export async function seedDemo(options: { mongoUrl: string }): Promise<DemoCredentials> {
  const organization = await mongoose.createConnection(options.mongoUrl, { dbName: 'zhtj_organization' }).asPromise();
  const identity = await mongoose.createConnection(options.mongoUrl, { dbName: 'zhtj_identity' }).asPromise();
  try {
    const { rootOrgId, rootOrgName } = await seedDemoTree(organization);
    const { idNumber, password } = await seedDemoAdmin(identity, rootOrgId);
    return { idNumber, password, rootOrgId, rootOrgName };
  } finally {
    await Promise.all([organization.close(), identity.close()]);
  }
}
