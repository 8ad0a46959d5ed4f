import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, readJson, requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { maskIdNumber } from '@zhtj/id-number';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { changePassword } from '../usecases/change-password.js';
import { login, type LoginDependencies } from '../usecases/login.js';
import { resetPassword } from '../usecases/password-reset.js';
import { registerAdmin, type RedeemCode } from '../usecases/register-admin.js';
import type { SessionIssuer } from '../usecases/session-issuer.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';

export interface AuthRoutesDependencies extends LoginDependencies {
  captcha: CaptchaStore;
  sessions: SessionIssuer;
  accounts: AccountRepository;
  refreshTokens: RefreshTokens;
  verifyToken: TokenVerifier;
  /** Spends a registration code (organization, over NATS). */
  redeemCode: RedeemCode;
  clientAddress(c: { req: { header(name: string): string | undefined } }): string | undefined;
}

const loginBody = z.object({
  idNumber: z.string().max(32),
  password: z.string().min(1).max(128),
  captchaId: z.string().min(1).max(64),
  captchaCode: z.string().min(1).max(16),
});
const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) });
const passwordBody = z.object({ oldPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) });
const registerBody = z.object({
  orgId: z.string().uuid(),
  registrationCode: z.string().min(1).max(64),
  // Chinese names (minority names with the middle dot), or Latin letters.
  name: z
    .string()
    .trim()
    .regex(/^([\u4e00-\u9fa5·]{2,30}|[A-Za-z][A-Za-z .·'-]{1,59})$/),
  idNumber: z.string().max(32),
  phone: z.string().regex(/^1[3-9]\d{9}$/),
  password: z.string().min(1).max(128),
});
const resetBody = z.object({
  idNumber: z.string().max(32),
  resetCode: z.string().min(1).max(32),
  newPassword: z.string().min(1).max(128),
  captchaId: z.string().min(1).max(64),
  captchaCode: z.string().min(1).max(16),
});

/** /auth: captcha, login, refresh, logout, password change (Auth section of API.md). */
export function authRoutes(deps: AuthRoutesDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/captcha', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await deps.captcha.issue());
  });
  app.post('/login', async (c) => {
    const body = await readJson(c, loginBody);
    c.header('cache-control', 'no-store');
    return c.json(await login(deps, body, deps.clientAddress(c)));
  });
  app.post('/refresh', async (c) => {
    const { refreshToken } = await readJson(c, refreshBody);
    c.header('cache-control', 'no-store');
    return c.json(await deps.sessions.refresh(refreshToken));
  });
  app.post('/logout', async (c) => {
    const { refreshToken } = await readJson(c, refreshBody);
    await deps.sessions.end(refreshToken);
    return c.body(null, 204);
  });
  app.post('/register-admin', async (c) => {
    const body = await readJson(c, registerBody);
    return c.json(await registerAdmin(deps, body), 201);
  });
  app.post('/reset-password', async (c) => {
    const body = await readJson(c, resetBody);
    await resetPassword(deps, body, deps.clientAddress(c));
    return c.body(null, 204);
  });
  // The caller's own account, as the gateway's GET /me shows it: the ID number masked.
  app.get('/me', requireAuth(deps.verifyToken), async (c) => {
    const account = await deps.accounts.findById(c.get('caller').accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    return c.json({
      id: account._id,
      name: account.name,
      idNumber: maskIdNumber(account.idNumber),
      roles: account.roles,
      memberId: (!account.memberRemoved && account.memberId) || null,
      branchId: account.branchId ?? null,
      mustChangePassword: account.mustChangePassword,
    });
  });
  app.post('/password', requireAuth(deps.verifyToken), async (c) => {
    const body = await readJson(c, passwordBody);
    await changePassword(deps, c.get('caller').accountId, body);
    return c.body(null, 204);
  });
  return app;
}
