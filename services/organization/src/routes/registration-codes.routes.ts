import { Hono } from 'hono';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { AppError, readJson, requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import type { OrgDocument } from '../store/org.model.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';
import { generateRegistrationCodes } from '../usecases/generate-registration-codes.js';

export interface RegistrationCodeRoutesDependencies {
  orgs: Model<OrgDocument>;
  codes: Model<RegistrationCodeDocument>;
  ttlDays: number;
  verifyToken: TokenVerifier;
}

const body = z.object({ childOrgIds: z.array(z.string().uuid()).min(1).max(1000).optional() }).strict();
const orgId = z.string().uuid();

/** `POST /orgs/:id/registration-codes`: codes for direct children, all or the ones named. */
export function registrationCodeRoutes(deps: RegistrationCodeRoutesDependencies): Hono<AuthEnv> {
  return new Hono<AuthEnv>().post('/:id/registration-codes', requireAuth(deps.verifyToken), async (c) => {
    const id = orgId.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('ORG_NOT_FOUND');
    // The body is optional: a request without one (no content type) means every direct child.
    const { childOrgIds } = c.req.header('content-type') ? await readJson(c, body) : {};
    c.header('cache-control', 'no-store');
    return c.json({ items: await generateRegistrationCodes(deps, c.get('caller'), id.data, childOrgIds) }, 201);
  });
}
