import { z } from 'zod';

/**
 * The one policy for text from clients (JSON bodies, query strings, import cells), applied
 * before anything is stored:
 * - line breaks are normalised to LF, and every string to Unicode NFC, so that "张三" typed on two
 *   keyboards is one value (and one sibling name, one search hit);
 * - control characters are refused: C0 but tab and LF (NUL among them — PostgreSQL, under
 *   FerretDB, cannot store it and would fail the write half-way), DEL and C1;
 * - unpaired surrogates (not text at all) are refused;
 * - in names (of people and orgs) also the invisible format characters — zero-width spaces and
 *   joiners, bidi overrides and isolates, soft hyphens, the BOM — so that a name with an
 *   invisible character cannot pass for a sibling's, or display reversed.
 */
export type TextProblemCode = 'TEXT_CONTROL_CHARACTER' | 'TEXT_INVALID_UNICODE' | 'TEXT_INVISIBLE_CHARACTER';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Unicode's format characters (Cf): ZWSP/ZWJ/ZWNJ, LRM/RLM, bidi embeddings, overrides and isolates, soft hyphen, BOM, tags… */
const INVISIBLE = /\p{Cf}/u;

/** Line breaks as LF, then NFC. */
export function normalizeText(value: string): string {
  const lf = value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
  // NFC of a string with a lone surrogate is well defined; it is refused anyway.
  return lf.normalize('NFC');
}

/** What is wrong with a (normalised) piece of free text, if anything. */
export function textProblem(value: string): TextProblemCode | undefined {
  if (CONTROL.test(value)) return 'TEXT_CONTROL_CHARACTER';
  if (LONE_SURROGATE.test(value)) return 'TEXT_INVALID_UNICODE';
  return undefined;
}

/** What is wrong with a (normalised) name, if anything: the text rules, and no invisible characters. */
export function nameProblem(value: string): TextProblemCode | undefined {
  return textProblem(value) ?? (INVISIBLE.test(value) ? 'TEXT_INVISIBLE_CHARACTER' : undefined);
}

export interface TextIssue {
  /** Dotted path of the field (`members.3.name`), or of the key itself when a key is bad. */
  path: string;
  code: TextProblemCode;
}

/**
 * Applies the policy to a parsed JSON value (or a query's key/value map) as a whole: every string
 * normalised, every bad string and bad key reported with its path. Runs before the schema, so no
 * handler ever sees a string outside the policy, whatever its schema forgot.
 */
export function applyTextPolicy(value: unknown): { value: unknown; issues: TextIssue[] } {
  const issues: TextIssue[] = [];
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === 'string') {
      const normal = normalizeText(v);
      const problem = textProblem(normal);
      if (problem) issues.push({ path: path.join('.') || '(body)', code: problem });
      return normal;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, String(i)]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        const normalKey = normalizeText(key);
        const keyProblem = textProblem(normalKey);
        // The key is named as the client sent it, made visible: a NUL shows as \u0000.
        if (keyProblem) issues.push({ path: [...path, JSON.stringify(key).slice(1, -1)].join('.'), code: keyProblem });
        out[normalKey] = walk(item, [...path, normalKey]);
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, []), issues };
}

const NAME_MESSAGES: Record<TextProblemCode, string> = {
  TEXT_CONTROL_CHARACTER: 'contains a control character',
  TEXT_INVALID_UNICODE: 'is not valid Unicode text',
  TEXT_INVISIBLE_CHARACTER: 'contains an invisible character',
};

/**
 * A name of a person or an org in a schema: trimmed, normalised, and refused (with the policy's
 * code as the issue's `params.code`) when it holds a control or invisible character.
 */
export const nameText = (options: { min?: number; max: number }) =>
  z
    .string()
    .transform((v) => normalizeText(v).trim())
    .pipe(
      z
        .string()
        .min(options.min ?? 1)
        .max(options.max),
    )
    .superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: NAME_MESSAGES[problem], params: { code: problem } });
    });
