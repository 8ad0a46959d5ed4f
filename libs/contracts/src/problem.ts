import { z } from 'zod';

/** One bad field of a request: where, why (a stable code) and a message for people. */
export const fieldProblemSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });

/** RFC 9457 problem details, as every service and the gateway answer errors. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(fieldProblemSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:zhtj:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
