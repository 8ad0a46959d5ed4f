import { errorCodes, renderErrorMessage, type ErrorCode, type Locale } from './errors.js';
import { problemType, type FieldProblem, type Problem } from './problem.js';

/**
 * An error meant for the caller: a stable code from libs/contracts, message params, and for
 * validation the bad fields. Anything else thrown becomes a logged 500 `INTERNAL`.
 *
 * @example
 * throw new AppError('REGISTRATION_CODE_MISMATCH', { params: { orgName: org.name } });
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly errors: Array<FieldProblem | CodedFieldProblem> | undefined;
  readonly headers: Record<string, string>;
  /** Extra members for the problem body, e.g. the current state on a CONFLICT. */
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    options: {
      params?: Record<string, string | number>;
      errors?: Array<FieldProblem | CodedFieldProblem>;
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: options.cause });
    this.status = errorCodes[code].status;
    this.params = options.params ?? {};
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/** A bad field whose message is the one of an error code, rendered in the caller's language. */
export interface CodedFieldProblem {
  path: string;
  code: ErrorCode;
}

/** The RFC 9457 body for an AppError in the caller's language. */
export function toProblem(error: AppError, locale: Locale, instance?: string): Problem & Record<string, unknown> {
  const message = renderErrorMessage(error.code, locale, error.params);
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: message,
    status: error.status,
    code: error.code,
    detail: message,
    ...(instance ? { instance } : {}),
    ...(error.errors
      ? {
          errors: error.errors.map((e) =>
            'message' in e ? e : { path: e.path, code: e.code, message: renderErrorMessage(e.code, locale) },
          ),
        }
      : {}),
  };
}
