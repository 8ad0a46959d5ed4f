import { timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import svgCaptcha from 'svg-captcha';
import { newId } from '@zhtj/contracts';

export interface IssuedCaptcha {
  captchaId: string;
  /** SVG text. */
  image: string;
  /** The answer, only when CAPTCHA_ECHO is on (development and tests). */
  code?: string;
}

const TTL_SEC = 5 * 60;
const key = (id: string) => `captcha:${id}`;

/**
 * Image captchas kept in Redis for five minutes. Each one is single use: the first attempt,
 * right or wrong, deletes it, so a guess never gets a second try.
 */
export class CaptchaStore {
  constructor(
    private readonly redis: Redis,
    private readonly echo: boolean,
  ) {}

  async issue(): Promise<IssuedCaptcha> {
    const { text, data } = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1iIlL', color: true, background: '#f4f6f8' });
    const captchaId = newId();
    await this.redis.set(key(captchaId), text.toLowerCase(), 'EX', TTL_SEC);
    return this.echo ? { captchaId, image: data, code: text } : { captchaId, image: data };
  }

  /** True when the code answers the captcha (case does not matter); the captcha is gone either way. */
  async verify(captchaId: string, code: string): Promise<boolean> {
    const expected = await this.redis.getdel(key(captchaId));
    if (!expected) return false;
    const given = Buffer.from(code.trim().toLowerCase());
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}
