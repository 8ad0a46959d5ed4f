import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId } from '@zhtj/contracts';
import type { RefreshTokenDocument } from '../store/refresh-token.model.js';
import type { RefreshTokenRepository } from '../store/refresh-token.repository.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type RotateResult =
  | { ok: true; accountId: string; familyId: string; token: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/** Refresh tokens: `<id>.<secret>`, rotated on each use, with reuse detection per family. */
export class RefreshTokens {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly ttlSec: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new token, in a new family unless one is given. */
  async issue(accountId: string, familyId: string = newId()): Promise<string> {
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    await this.tokens.insert({
      _id: id,
      familyId,
      accountId,
      secretHash: sha256(secret),
      expiresAt: new Date(this.now().getTime() + this.ttlSec * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return `${id}.${secret}`;
  }

  /** Spends a token and returns its successor; a token used twice revokes its whole family. */
  async rotate(token: string): Promise<RotateResult> {
    const found = await this.find(token);
    if (!found) return { ok: false, reason: 'unknown' };
    if (found.revokedAt) return { ok: false, reason: 'revoked' };
    if (found.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    const spent = !found.usedAt && (await this.tokens.spend(found._id, this.now()));
    if (!spent) {
      await this.revokeFamily(found.familyId);
      return { ok: false, reason: 'reused' };
    }
    return {
      ok: true,
      accountId: found.accountId,
      familyId: found.familyId,
      token: await this.issue(found.accountId, found.familyId),
    };
  }

  /** Logs the token's session out (its family): the family's id, or undefined for an unknown token. */
  async revoke(token: string): Promise<string | undefined> {
    const found = await this.find(token);
    if (!found) return undefined;
    await this.revokeFamily(found.familyId);
    return found.familyId;
  }

  async revokeAllOf(accountId: string): Promise<void> {
    await this.tokens.revokeAllOf(accountId, this.now());
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.revokeFamily(familyId, this.now());
  }

  private async find(token: string): Promise<RefreshTokenDocument | undefined> {
    const [id, secret] = token.split('.');
    if (!id || !secret || id.length > 64) return undefined;
    const found = await this.tokens.findById(id);
    if (!found) return undefined;
    const given = Buffer.from(sha256(secret));
    return timingSafeEqual(given, Buffer.from(found.secretHash)) ? found : undefined;
  }
}
