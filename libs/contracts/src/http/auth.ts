import { z } from 'zod';
import { roleGrantSchema } from '../auth/access-token.js';
import { uuid } from '../common.js';

/**
 * The bodies of identity's routes (the Auth section of the API). The ID number is only a string
 * here: identity parses it with libs/id-number and answers ID_NUMBER_INVALID / ID_NUMBER_LEGACY.
 */
const idNumber = z.string().max(32);
const password = z.string().min(1).max(128);
const captcha = { captchaId: z.string().min(1).max(64), captchaCode: z.string().min(1).max(16) };

export const loginBody = z.object({ idNumber, password, ...captcha }).strict();
/** Required, but for the portal the gateway fills it in from its cookie. */
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) }).strict();
export const passwordChangeBody = z.object({ oldPassword: password, newPassword: password }).strict();
export const registerAdminBody = z
  .object({
    orgId: uuid,
    registrationCode: z.string().min(1).max(64),
    // Chinese names (minority names with the middle dot), or Latin letters.
    name: z
      .string()
      .trim()
      .regex(/^([\u4e00-\u9fa5·]{2,30}|[A-Za-z][A-Za-z .·'-]{1,59})$/),
    idNumber,
    phone: z.string().regex(/^1[3-9]\d{9}$/),
    password,
    ...captcha,
  })
  .strict();
export const resetPasswordBody = z
  .object({ idNumber, resetCode: z.string().min(1).max(32), newPassword: password, ...captcha })
  .strict();

export type RegisterAdminBody = z.infer<typeof registerAdminBody>;

// --- answers (described in the gateway's OpenAPI document; the portal's client is typed from it) ---

const role = roleGrantSchema;

/** GET /auth/captcha */
export const captchaView = z.object({
  captchaId: z.string(),
  /** An SVG image, as text. */
  image: z.string(),
  /** The answer, only where CAPTCHA_ECHO is on (development and tests). */
  code: z.string().optional(),
});

/** POST /auth/refresh */
export const sessionView = z.object({
  accessToken: z.string(),
  /**
   * Absent for the portal (`X-Session-Transport: cookie`): the gateway keeps it in an HttpOnly
   * cookie instead, and refresh and logout take it from there.
   */
  refreshToken: z.string().optional(),
  /** Seconds the access token is valid. */
  expiresIn: z.number().int(),
});

/** POST /auth/login */
export const loginView = sessionView.extend({
  /** First login of an imported member (initial password) or after a reset: change it before anything else. */
  mustChangePassword: z.boolean(),
  account: z.object({ id: z.string(), name: z.string(), roles: z.array(role) }),
});

/** GET /auth/me: the signed-in account, its ID number masked. */
export const accountView = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string(),
  roles: z.array(role),
  memberId: z.string().nullable(),
  branchId: z.string().nullable(),
  mustChangePassword: z.boolean(),
});

/** `POST /members/:id/password-reset-code`: the code, shown once, and when it stops working. */
export const passwordResetCodeView = z.object({ code: z.string(), expiresAt: z.string() });

/** 201 of POST /auth/register-admin: the administrator's account (made now, or theirs already). */
export const registeredAdminView = z.object({ accountId: z.string() });

/** GET /.well-known/jwks.json: the public keys access tokens are verified with (no private part). */
export const jwksView = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.string() })),
});
