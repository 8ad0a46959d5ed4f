import { z } from 'zod';
import { backendConfigSchema, trustedProxiesVariable } from '@zhtj/service-kit';

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
    /**
     * Where the gateway's requests come from (CIDRs): only from there is X-Forwarded-For — the
     * client address the gateway decided — believed. Loopback by default (development); the
     * cluster's pod network in Kubernetes, where a NetworkPolicy lets only the gateway in.
     */
    TRUSTED_PROXIES: trustedProxiesVariable('127.0.0.1/8,::1/128'),
    /** Failed sign-ins of one ID number before it is locked. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    /** The first lock of a number; each further lock within a day doubles it, up to LOGIN_MAX_LOCK_SEC. */
    LOGIN_LOCK_SEC: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
    LOGIN_MAX_LOCK_SEC: z.coerce
      .number()
      .int()
      .min(1)
      .default(4 * 3600),
    /**
     * Failed sign-ins one client address may make at once, across all ID numbers, and per hour
     * after that: sized for a school behind one NAT address at the start of term.
     */
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(300),
    LOGIN_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(600),
  })
  .refine((c) => !(c.NODE_ENV === 'production' && c.CAPTCHA_ECHO), {
    path: ['CAPTCHA_ECHO'],
    message: 'must not be true when NODE_ENV=production',
  });
export type Config = z.infer<typeof configSchema>;
