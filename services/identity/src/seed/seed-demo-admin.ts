import { hash } from '@node-rs/argon2';
import type { Connection } from 'mongoose';
import { accountModel } from '../store/account.model.js';
import { AccountRepository } from '../store/account.repository.js';

/** A valid (checksummed) but fictional ID number for the demo administrator. */
export const DEMO_ADMIN_ID_NUMBER = '110101199003074477';
export const DEMO_ADMIN_PASSWORD = 'Zhtj2026demo';

/**
 * Makes sure the demo administrator exists, administers the demo root org and has the demo
 * password. Development only: `npm start` calls it, production never does.
 */
export async function seedDemoAdmin(connection: Connection, rootOrgId: string): Promise<{ idNumber: string; password: string }> {
  const model = accountModel(connection);
  await model.init();
  const passwordHash = await hash(DEMO_ADMIN_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await new AccountRepository(model).upsertAdminForSystem({
    idNumber: DEMO_ADMIN_ID_NUMBER,
    name: '示例管理员',
    passwordHash,
    orgId: rootOrgId,
  });
  return { idNumber: DEMO_ADMIN_ID_NUMBER, password: DEMO_ADMIN_PASSWORD };
}
