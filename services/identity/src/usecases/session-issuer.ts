import { newId, AppError } from '@zhtj/contracts';
import { type TokenRevocations } from '@zhtj/service-kit';
import { canSignIn } from '../domain/member-link.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { AccountDocument } from '../store/account.model.js';
import type { AccountRepository } from '../store/account.repository.js';
import { issueAccessToken } from '../tokens/access-token.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
}

type SessionAccount = Pick<AccountDocument, '_id' | 'name' | 'roles' | 'memberId' | 'memberRemoved' | 'tokenGeneration'>;

/** Issues access + refresh token pairs, rotates them, and ends them. */
export class SessionIssuer {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly refreshTokens: RefreshTokens,
    private readonly accounts: AccountRepository,
    private readonly revocations: TokenRevocations,
    private readonly accessTtlSec: number,
  ) {}

  async start(account: SessionAccount): Promise<Session> {
    const sessionId = newId();
    const refreshToken = await this.refreshTokens.issue(account._id, sessionId);
    return { ...(await this.accessFor(account, sessionId)), refreshToken };
  }

  /**
   * A new pair for a refresh token; the roles are read afresh, so a change shows at once. An
   * account that no longer grants anything (a removed member's) gets none.
   */
  async refresh(refreshToken: string): Promise<Session> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    if (!rotated.ok) throw new AppError('REFRESH_TOKEN_INVALID');
    const account = await this.accounts.findById(rotated.accountId);
    if (!account || !canSignIn(account)) throw new AppError('REFRESH_TOKEN_INVALID');
    return { ...(await this.accessFor(account, rotated.familyId)), refreshToken: rotated.token };
  }

  /** Logout: the session's refresh tokens and its access tokens stop working. Unknown tokens are ignored. */
  async end(refreshToken: string): Promise<void> {
    const sessionId = await this.refreshTokens.revoke(refreshToken);
    if (sessionId) await this.revocations.revokeSession(sessionId);
  }

  /**
   * Makes the account's authority as stored take effect on what it already holds: access tokens
   * under its generation stop working, and an account that grants nothing any more loses its
   * refresh tokens too. Idempotent, so a redelivered event can simply enforce again.
   */
  async enforce(account: Pick<AccountDocument, '_id' | 'roles' | 'tokenGeneration'>): Promise<void> {
    if ((account.tokenGeneration ?? 0) > 0) await this.revocations.revokeGenerationsBelow(account._id, account.tokenGeneration!);
    if (!canSignIn(account)) await this.refreshTokens.revokeAllOf(account._id);
  }

  /** Every session of the account ends (its password was changed or reset; the generation was raised with it). */
  async endAll(account: Pick<AccountDocument, '_id' | 'tokenGeneration'>): Promise<void> {
    await this.refreshTokens.revokeAllOf(account._id);
    await this.revocations.revokeGenerationsBelow(account._id, account.tokenGeneration ?? 0);
  }

  private async accessFor(account: SessionAccount, sessionId: string) {
    // Plain grants: stored roles may carry document internals the token must not.
    const roles = account.roles.map(({ role, orgId }) => ({ role, orgId }));
    const subject = {
      accountId: account._id,
      name: account.name,
      roles,
      memberId: account.memberRemoved ? undefined : account.memberId,
      sessionId,
      generation: account.tokenGeneration ?? 0,
    };
    return { accessToken: await issueAccessToken(this.keyRing, subject, this.accessTtlSec), expiresIn: this.accessTtlSec };
  }
}
