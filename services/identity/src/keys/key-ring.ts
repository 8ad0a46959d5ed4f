import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { newId } from '@zhtj/contracts';
import type { KeyEncryption } from './key-encryption.js';
import type { SigningKeyDocument } from '../store/signing-key.model.js';
import type { SigningKeyRepository } from '../store/signing-key.repository.js';

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
  activeUntil: Date;
}

export interface KeyRingOptions {
  keys: SigningKeyRepository;
  encryption: KeyEncryption;
  rotationMs: number;
  /** Longest life of a token signed with a key: the key stays published this long after it retires. */
  tokenTtlMs: number;
  now?: () => Date;
}

/**
 * identity's ES256 signing keys. One key signs until its rotation date; then a new one is made
 * and the old one stays in the JWKS until every token it signed has expired. Replicas that
 * rotate at the same moment may each make a key: all of them are published, so that is harmless.
 */
export class KeyRing {
  private cached: ActiveKey | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: KeyRingOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The key to sign with now, made if there is none. */
  async active(): Promise<ActiveKey> {
    const now = this.now();
    if (this.cached && this.cached.activeUntil > now) return this.cached;
    const stored = await this.options.keys.activeAt(now);
    const doc = stored ?? (await this.create(now));
    const privateJwk = JSON.parse(this.options.encryption.open(doc.sealedPrivateJwk)) as JWK;
    this.cached = { kid: doc._id, privateKey: (await importJWK(privateJwk, 'ES256')) as CryptoKey, activeUntil: doc.activeUntil };
    return this.cached;
  }

  /** Public keys of every key whose tokens may still be in use. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await this.options.keys.publishedAt(this.now());
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: k._id, alg: 'ES256', use: 'sig' })) };
  }

  /**
   * Seals again, under the current JWT_KEYS_SECRET, every key still published that was sealed
   * under the previous one; the number resealed. Run at start and periodically while a previous
   * secret is configured, so it can be dropped once no key needs it. Two replicas doing it at
   * once write the same thing; the update is conditional on the old seal, so one of them wins.
   */
  async resealUnderCurrentSecret(): Promise<number> {
    const { keys, encryption } = this.options;
    const published = await keys.publishedAt(this.now());
    let resealed = 0;
    for (const key of published.filter((k) => !encryption.sealedWithCurrent(k.sealedPrivateJwk))) {
      const sealed = encryption.seal(encryption.open(key.sealedPrivateJwk));
      if (await keys.replaceSeal(key._id, key.sealedPrivateJwk, sealed)) resealed += 1;
    }
    return resealed;
  }

  private async create(now: Date): Promise<SigningKeyDocument> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const activeUntil = new Date(now.getTime() + this.options.rotationMs);
    const doc: SigningKeyDocument = {
      _id: newId(),
      publicJwk: await exportJWK(publicKey),
      sealedPrivateJwk: this.options.encryption.seal(JSON.stringify(await exportJWK(privateKey))),
      createdAt: now,
      activeUntil,
      publishUntil: new Date(activeUntil.getTime() + this.options.tokenTtlMs + 60_000),
    };
    await this.options.keys.insert(doc);
    return doc;
  }
}
