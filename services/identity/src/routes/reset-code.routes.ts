import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import type { AccountRepository } from '../store/account.repository.js';
import { issueResetCode, type LocateMember } from '../usecases/password-reset.js';
import { AppError } from '@zhtj/contracts';

const memberId = z.string().uuid();

/** `POST /members/:id/password-reset-code`: an admin with authority over the member issues a code. */
export function resetCodeRoutes(deps: {
  accounts: AccountRepository;
  locateMember: LocateMember;
  verifyToken: TokenVerifier;
}): Hono<AuthEnv> {
  return new Hono<AuthEnv>().post('/:id/password-reset-code', requireAuth(deps.verifyToken), async (c) => {
    const id = memberId.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('MEMBER_NOT_FOUND');
    c.header('cache-control', 'no-store');
    return c.json(await issueResetCode(deps, c.get('caller'), id.data), 201);
  });
}
