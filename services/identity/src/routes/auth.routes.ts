import { Hono } from 'hono';
import { readJson, requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { loginBody, passwordChangeBody, refreshBody, registerAdminBody, resetPasswordBody, AppError } from '@zhtj/contracts';
import { maskIdNumber } from '@zhtj/id-number';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { changePassword } from '../usecases/change-password.js';
import { login, type LoginDependencies } from '../usecases/login.js';
import { resetPassword } from '../usecases/password-reset.js';
import { registerAdmin, type CheckCode, type RedeemCode } from '../usecases/register-admin.js';
import type { PendingRegistrations } from '../usecases/pending-registrations.js';
import type { SessionIssuer } from '../usecases/session-issuer.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';

export interface AuthRoutesDependencies extends LoginDependencies {
  captcha: CaptchaStore;
  sessions: SessionIssuer;
  accounts: AccountRepository;
  refreshTokens: RefreshTokens;
  verifyToken: TokenVerifier;
  /** Checks, then spends, a registration code (organization, over NATS). */
  checkCode: CheckCode;
  redeemCode: RedeemCode;
  pendingRegistrations: PendingRegistrations;
  /** The client's address as the gateway decided it (see TRUSTED_PROXIES). */
  clientAddress(c: { env?: unknown; req: { header(name: string): string | undefined } }): string | undefined;
}

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
    const body = await readJson(c, registerAdminBody);
    return c.json(await registerAdmin(deps, body, deps.clientAddress(c)), 201);
  });
  app.post('/reset-password', async (c) => {
    const body = await readJson(c, resetPasswordBody);
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
    const body = await readJson(c, passwordChangeBody);
    await changePassword(deps, c.get('caller').accountId, body);
    return c.body(null, 204);
  });
  return app;
}
