import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

// Personal data and secrets never reach a log line, however deep in an object they sit.
const SENSITIVE_KEYS = [
  'password',
  'oldPassword',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'idNumber',
  'memberIdNumber',
  'phone',
  'captchaCode',
  'registrationCode',
  'resetCode',
];
export const redactedPaths = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
]);

/**
 * JSON logs with the service name, the active trace id, and sensitive fields censored.
 *
 * @example
 * const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
 */
export function createLogger(options: { service: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
    },
    options.destination,
  );
}
