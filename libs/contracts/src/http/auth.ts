import { z } from 'zod';
import { uuid } from '../common.js';

/**
 * The bodies of identity's routes (the Auth section of the API). The ID number is only a string
 * here: identity parses it with libs/id-number and answers ID_NUMBER_INVALID / ID_NUMBER_LEGACY.
 */
const idNumber = z.string().max(32);
const password = z.string().min(1).max(128);
const captcha = { captchaId: z.string().min(1).max(64), captchaCode: z.string().min(1).max(16) };

export const loginBody = z.object({ idNumber, password, ...captcha }).strict();
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
