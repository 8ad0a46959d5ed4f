import type { z } from 'zod';
import { errorCodes, renderErrorMessage, type ErrorCode, type FieldProblem, type Locale } from '@zhtj/contracts';

const zhMessages: Record<string, string> = {
  invalid_type: '类型不正确或缺少该字段',
  too_small: '内容过短或数值过小',
  too_big: '内容过长或数值过大',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含不允许的字段',
  custom: '内容不正确',
};

/** Zod issues as the `errors` list of a problem: path, a stable code and a message. */
export function fieldProblems(error: z.ZodError, locale: Locale): FieldProblem[] {
  // An unknown field is named by its own path (one problem per field), not by its object's.
  const issues = error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, path: [...issue.path, key] })) : [issue],
  );
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(body)';
    // A schema's own check that names an error code (e.g. nameText's TEXT_INVISIBLE_CHARACTER).
    const coded = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
    if (coded && coded in errorCodes) return { path, code: coded, message: renderErrorMessage(coded as ErrorCode, locale) };
    return {
      path,
      code: issue.code.toUpperCase(),
      message: locale === 'en' ? issue.message : (zhMessages[issue.code] ?? '内容不正确'),
    };
  });
}
