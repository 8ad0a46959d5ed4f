import {
  CADRE_NATURES,
  CADRE_POSITIONS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  OCCUPATIONS,
  MEMBER_FIELD_LABELS,
  POLITICAL_STATUSES,
  type ImportKind,
} from '@zhtj/contracts';

export type { ImportKind };

/** The version written into each template; an upload of another version is refused as a whole. */
export const TEMPLATE_VERSION = 1;

export interface TemplateColumn {
  header: string;
  /** The member (or cadre) field the column fills. */
  field: string;
  width: number;
  required: boolean;
  /** Typed as text so Excel keeps leading zeros, the 18th character and every digit. */
  text?: boolean;
  /** The allowed values, offered as a dropdown. */
  options?: readonly string[];
  note?: string;
}

const MEMBER_COLUMNS: readonly TemplateColumn[] = [
  { header: MEMBER_FIELD_LABELS.name, field: 'name', width: 12, required: true },
  { header: '身份证号码', field: 'idNumber', width: 22, required: true, text: true, note: '18位，末位可为X；请勿改为数字格式' },
  { header: MEMBER_FIELD_LABELS.ethnicity, field: 'ethnicity', width: 12, required: true, options: ETHNICITIES },
  {
    header: MEMBER_FIELD_LABELS.politicalStatus,
    field: 'politicalStatus',
    width: 14,
    required: true,
    options: POLITICAL_STATUSES,
  },
  { header: MEMBER_FIELD_LABELS.joinedAt, field: 'joinedAt', width: 12, required: true, text: true, note: '如 2015-05' },
  {
    header: MEMBER_FIELD_LABELS.developmentNumber,
    field: 'developmentNumber',
    width: 16,
    required: false,
    text: true,
    note: '2017年及以后入团必填，12位数字',
  },
  {
    header: MEMBER_FIELD_LABELS.educationFullTime,
    field: 'educationFullTime',
    width: 14,
    required: false,
    options: EDUCATION_LEVELS,
  },
  {
    header: MEMBER_FIELD_LABELS.educationHighest,
    field: 'educationHighest',
    width: 14,
    required: false,
    options: EDUCATION_LEVELS,
  },
  { header: MEMBER_FIELD_LABELS.occupation, field: 'occupation', width: 20, required: false, options: OCCUPATIONS },
  { header: MEMBER_FIELD_LABELS.employer, field: 'employer', width: 28, required: false },
  { header: MEMBER_FIELD_LABELS.phone, field: 'phone', width: 14, required: false, text: true },
];

const CADRE_EXTRA_COLUMNS: readonly TemplateColumn[] = [
  { header: '团内现任职务', field: 'position', width: 14, required: true, options: CADRE_POSITIONS },
  { header: '任现职年月', field: 'since', width: 12, required: true, text: true, note: '如 2020-09' },
  { header: '团干部性质', field: 'nature', width: 12, required: true, options: CADRE_NATURES },
];

/** The columns of a template, in order: the member record, and for cadres their position. */
export function templateColumns(kind: ImportKind): readonly TemplateColumn[] {
  return kind === 'members' ? MEMBER_COLUMNS : [...MEMBER_COLUMNS, ...CADRE_EXTRA_COLUMNS];
}

export const SHEET_NAMES = { members: '团员信息', cadres: '团干部信息' } as const;
