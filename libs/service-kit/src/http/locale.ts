import type { Context } from 'hono';
import { localeFromAcceptLanguage, type Locale } from '@zhtj/contracts';

/** zh unless the caller asks for English. */
export function localeOf(c: Context): Locale {
  return localeFromAcceptLanguage(c.req.header('accept-language'));
}
