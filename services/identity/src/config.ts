import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Environment of the identity service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8081, database: 'zhtj_identity' })
  .extend({
    /** Encrypts the token signing keys at rest (≥ 32 characters, from a Secret in production). */
    JWT_KEYS_SECRET: z.string().min(32, 'at least 32 characters'),
    /** While rotating JWT_KEYS_SECRET: the old one, so keys sealed under it still open and get sealed again. */
    JWT_KEYS_SECRET_PREVIOUS: z.string().min(32, 'at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_SEC: z.coerce.number().int().min(60).max(3600).default(900),
    REFRESH_TOKEN_TTL_SEC: z.coerce
      .number()
      .int()
      .min(3600)
      .default(7 * 24 * 3600),
    /** A new signing key is made after this many days; the old one stays published until its tokens expire. */
    KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Adds the answer to GET /auth/captcha, for scripts and tests. Never in production. */
    CAPTCHA_ECHO: booleanFlag.default(false),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_SEC: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
    /** Failed logins one client address may make per lock window, across all ID numbers. */
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  })
  .refine((c) => !(c.NODE_ENV === 'production' && c.CAPTCHA_ECHO), {
    path: ['CAPTCHA_ECHO'],
    message: 'must not be true when NODE_ENV=production',
  });
export type Config = z.infer<typeof configSchema>;
