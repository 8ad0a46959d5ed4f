import { TEMPLATE_VERSION, templateColumns, type ImportKind } from '../template/template-columns.js';

/** The column a failure workbook adds; an upload of that workbook ignores it. */
export const FAILURE_REASON_HEADER = '失败原因';

const KIND_NAMES = { members: '团员', cadres: '团干部' } as const;
const otherKind = (kind: ImportKind): ImportKind => (kind === 'members' ? 'cadres' : 'members');

export type FileProblem = {
  code:
    | 'IMPORT_HEADER_MISMATCH'
    | 'IMPORT_TEMPLATE_MIXED'
    | 'IMPORT_TEMPLATE_OUTDATED'
    | 'IMPORT_EMPTY'
    | 'IMPORT_TOO_MANY_ROWS'
    | 'IMPORT_MERGED_CELLS'
    | 'IMPORT_NOT_XLSX'
    | 'IMPORT_FILE_SUSPICIOUS';
  params?: Record<string, string | number>;
};

const mixed = (kind: ImportKind): FileProblem => ({
  code: 'IMPORT_TEMPLATE_MIXED',
  params: { actual: KIND_NAMES[otherKind(kind)], expected: KIND_NAMES[kind] },
});

/** The header cells as text, without the trailing empties and the failure workbook's reason column. */
function headerTexts(cells: readonly (string | null)[]): string[] {
  const texts = cells.map((c) => (c ?? '').replace(/\s+/g, '').replace(/^\*/, ''));
  while (texts.length > 0 && (texts.at(-1) === '' || texts.at(-1) === FAILURE_REASON_HEADER)) texts.pop();
  return texts;
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((h, i) => h === b[i]);

/**
 * The header row against the template of the kind asked for: the same columns in the same order
 * (a failure workbook's 失败原因 column at the end is fine). The other kind's header says the two
 * templates were mixed; anything else names what is missing, extra or out of place.
 */
export function checkHeader(kind: ImportKind, cells: readonly (string | null)[]): FileProblem | null {
  const actual = headerTexts(cells);
  const expected = templateColumns(kind).map((c) => c.header);
  if (sameColumns(actual, expected)) return null;
  if (
    sameColumns(
      actual,
      templateColumns(otherKind(kind)).map((c) => c.header),
    )
  )
    return mixed(kind);

  const missing = expected.filter((h) => !actual.includes(h));
  const extra = actual.filter((h) => h !== '' && !expected.includes(h));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`缺少“${missing.join('”“')}”`);
  if (extra.length > 0) parts.push(`多出“${extra.join('”“')}”`);
  if (parts.length === 0) {
    const at = expected.findIndex((h, i) => actual[i] !== h);
    parts.push(`第${at + 1}列应为“${expected[at]}”`);
  }
  return { code: 'IMPORT_HEADER_MISMATCH', params: { columns: parts.join('，') } };
}

/** The template's hidden version marker, when the workbook kept it: same kind, current version. */
export function checkVersionMarker(kind: ImportKind, marker: string | null): FileProblem | null {
  if (!marker) return null;
  const m = /^zhtj-import:(members|cadres):v(\d+)$/.exec(marker);
  if (!m) return null;
  if (m[1] !== kind) return mixed(kind);
  if (Number(m[2]) < TEMPLATE_VERSION) return { code: 'IMPORT_TEMPLATE_OUTDATED', params: { version: `v${m[2]}` } };
  return null;
}
