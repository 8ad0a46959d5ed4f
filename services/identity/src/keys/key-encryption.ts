import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const deriveKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'zhtj-identity', 'signing-keys v1', 32));

/**
 * Seals the private signing keys with AES-256-GCM under a key derived from JWT_KEYS_SECRET, so
 * a copy of the database alone cannot mint tokens. While the secret is being rotated, keys sealed
 * under the previous one (JWT_KEYS_SECRET_PREVIOUS) still open, and `sealedWithCurrent` tells
 * which ones the key ring must seal again.
 */
export class KeyEncryption {
  private readonly current: Buffer;
  private readonly previous: Buffer | undefined;

  constructor(secret: string, previousSecret?: string) {
    this.current = deriveKey(secret);
    this.previous = previousSecret ? deriveKey(previousSecret) : undefined;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plaintext, opened with the current secret or else the previous one; throws when neither fits. */
  open(sealed: string): string {
    try {
      return openWith(this.current, sealed);
    } catch (error) {
      if (!this.previous) throw error;
      return openWith(this.previous, sealed);
    }
  }

  sealedWithCurrent(sealed: string): boolean {
    try {
      openWith(this.current, sealed);
      return true;
    } catch {
      return false;
    }
  }
}

function openWith(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
