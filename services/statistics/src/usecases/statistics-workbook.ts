import ExcelJS from 'exceljs';
import { POLITICAL_STATUSES, type OrgStatisticsView, type OrgType } from '@zhtj/contracts';
import { neutralizeFormula } from '@zhtj/service-kit';
import { AGE_BANDS, AGE_BAND_LABELS } from '../domain/age-band.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ORG_TYPE_LABELS: Record<OrgType, string> = {
  committee: '团委',
  working_committee: '团工委',
  general_branch: '团总支',
  branch: '团支部',
};

type Row = Record<string, string | number>;
const columns: Array<{ header: string; key: string; width: number; value: (s: OrgStatisticsView) => string | number }> = [
  { header: '组织名称', key: 'name', width: 32, value: (s) => neutralizeFormula(s.name ?? '（未知组织）') },
  { header: '组织类型', key: 'type', width: 10, value: (s) => (s.type ? ORG_TYPE_LABELS[s.type] : '') },
  { header: '团员总数', key: 'members', width: 10, value: (s) => s.members },
  { header: '男', key: 'male', width: 8, value: (s) => s.gender.male },
  { header: '女', key: 'female', width: 8, value: (s) => s.gender.female },
  { header: '汉族', key: 'han', width: 8, value: (s) => s.ethnicGroup.han },
  { header: '少数民族', key: 'minority', width: 10, value: (s) => s.ethnicGroup.minority },
  ...POLITICAL_STATUSES.map((p) => ({
    header: p,
    key: `p-${p}`,
    width: 12,
    value: (s: OrgStatisticsView) => s.politicalStatus[p] ?? 0,
  })),
  ...AGE_BANDS.map((b) => ({
    header: AGE_BAND_LABELS[b],
    key: `a-${b}`,
    width: 10,
    value: (s: OrgStatisticsView) => s.ageBand[b] ?? 0,
  })),
  { header: '团干部', key: 'cadres', width: 8, value: (s) => s.cadres.total },
  { header: '团支部', key: 'branches', width: 8, value: (s) => s.branches.total },
  { header: '空心团支部', key: 'empty', width: 12, value: (s) => s.branches.withoutMembers },
  { header: '无团干团支部', key: 'noCadre', width: 13, value: (s) => s.branches.withoutCadres },
  {
    header: '本年转出（已完成）',
    key: 'transfersDone',
    width: 18,
    value: (s) => s.transfers.status.completed ?? 0,
  },
];

/**
 * GET /orgs/:id/statistics.xlsx: the drill-down table as a workbook — the org's subtree first
 * (合计), then each direct child's. Names are typed by people: never a formula in the file.
 */
export async function statisticsWorkbook(table: {
  self: OrgStatisticsView;
  children: readonly OrgStatisticsView[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('团员统计', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = columns.map(({ header, key, width }) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  const rowOf = (s: OrgStatisticsView): Row => Object.fromEntries(columns.map((c) => [c.key, c.value(s)]));
  const total = sheet.addRow({ ...rowOf(table.self), name: `${neutralizeFormula(table.self.name ?? '')}（合计）` });
  total.font = { bold: true };
  for (const child of table.children) sheet.addRow(rowOf(child));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
