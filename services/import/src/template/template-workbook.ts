import ExcelJS from 'exceljs';
import { SHEET_NAMES, TEMPLATE_VERSION, templateColumns, type ImportKind } from './template-columns.js';

/** Rows of the data sheet that carry dropdowns and text formats. */
const PREPARED_ROWS = 5000;
const OPTIONS_SHEET = '选项';
const VERSION_SHEET = '模板版本';

const columnLetter = (index: number): string => {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
};

/** The version marker an upload is checked against, e.g. `zhtj-import:members:v1`. */
export const versionMarker = (kind: ImportKind) => `zhtj-import:${kind}:v${TEMPLATE_VERSION}`;

/**
 * The import template: a data sheet with the header row, text-formatted ID, phone and date
 * columns, dropdowns for the enumerated columns (lists on a hidden sheet, as the 56 ethnicities
 * are too long for an inline list), an instructions sheet with an example row, and a hidden
 * version marker.
 */
export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const columns = templateColumns(kind);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'zhtj';
  const sheet = workbook.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  const options = workbook.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });
  const version = workbook.addWorksheet(VERSION_SHEET, { state: 'veryHidden' });
  version.getCell('A1').value = versionMarker(kind);

  sheet.columns = columns.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.note) header.getCell(i + 1).note = c.note;
  });

  let optionColumn = 0;
  columns.forEach((c, i) => {
    const letter = columnLetter(i);
    if (c.text) sheet.getColumn(i + 1).numFmt = '@';
    if (!c.options) return;
    const optLetter = columnLetter(optionColumn++);
    c.options.forEach((value, row) => (options.getCell(`${optLetter}${row + 1}`).value = value));
    const formula = `${OPTIONS_SHEET}!$${optLetter}$1:$${optLetter}$${c.options.length}`;
    for (let row = 2; row <= PREPARED_ROWS + 1; row += 1) {
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [formula],
        showErrorMessage: true,
        errorTitle: '输入有误',
        error: `请从下拉列表中选择${c.header}`,
      };
    }
  });
  // Text format on the prepared cells too: a column format alone does not reach cells Excel
  // creates when pasting.
  columns.forEach((c, i) => {
    if (!c.text) return;
    for (let row = 2; row <= PREPARED_ROWS + 1; row += 1) sheet.getCell(`${columnLetter(i)}${row}`).numFmt = '@';
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ width: 18 }, { width: 70 }];
  help.addRow(['填写说明']).font = { bold: true, size: 14 };
  for (const line of [
    ['表头', '请勿修改、增删或调整表头；红色为必填列。团员模板与团干部模板不能混用。'],
    ['身份证号码', '18位，末位可为X。该列已设为“文本”格式，请勿改为数字格式，否则后几位会丢失。'],
    ['入团年月', '格式如 2015-05；2017年起入团须年满13周岁，此前须年满12周岁。'],
    ['发展团员编号', '2017年及以后入团的必填：12位数字，前4位为入团年份（2017、2018年入团的可为其中任一年份）。'],
    ['下拉列', '民族、政治面貌、学历、职业等请从下拉列表中选择。'],
    ['导入结果', '导入后将显示“成功导入 xx 位团员，xx 位团员导入失败”，可下载失败名单，修改后重新导入。'],
  ]) {
    help.addRow(line);
  }
  help.addRow([]);
  help.addRow(['示例']).font = { bold: true };
  help.addRow(columns.map((c) => c.header)).font = { bold: true };
  const example: Record<string, string> = {
    name: '李华',
    idNumber: '110105200503120215',
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2019-05',
    developmentNumber: '201911010001',
    educationFullTime: '高中',
    educationHighest: '大学本科',
    occupation: '学生',
    employer: '某某大学',
    phone: '13800001111',
    position: '书记',
    since: '2022-09',
    nature: '兼职',
  };
  help.addRow(columns.map((c) => example[c.field] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
