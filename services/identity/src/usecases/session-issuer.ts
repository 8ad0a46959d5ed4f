import { AppError } from '@zhtj/service-kit';
import type { KeyRing } from '../keys/key-ring.js';
import type { AccountRepository } from '../store/account.repository.js';
import { issueAccessToken, type TokenSubject } from '../tokens/access-token.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
}

/** Issues access + refresh token pairs, and rotates them. */
export class SessionIssuer {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly refreshTokens: RefreshTokens,
    private readonly accounts: AccountRepository,
    private readonly accessTtlSec: number,
  ) {}

  async start(subject: TokenSubject): Promise<Session> {
    return { ...(await this.accessFor(subject)), refreshToken: await this.refreshTokens.issue(subject.accountId) };
  }

  /** A new pair for a refresh token; the roles are read afresh, so a change shows at once. */
  async refresh(refreshToken: string): Promise<Session> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    if (!rotated.ok) throw new AppError('REFRESH_TOKEN_INVALID');
    const account = await this.accounts.findById(rotated.accountId);
    if (!account) throw new AppError('REFRESH_TOKEN_INVALID');
    return {
      ...(await this.accessFor({ accountId: account._id, name: account.name, roles: account.roles, memberId: account.memberId })),
      refreshToken: rotated.token,
    };
  }

  private async accessFor(subject: TokenSubject) {
    // Plain grants: stored roles may carry document internals the token must not.
    const roles = subject.roles.map(({ role, orgId }) => ({ role, orgId }));
    return {
      accessToken: await issueAccessToken(this.keyRing, { ...subject, roles }, this.accessTtlSec),
      expiresIn: this.accessTtlSec,
    };
  }
}
