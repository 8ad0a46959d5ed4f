import type { CellValue } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, readIdNumber, readPhone, readYearMonth } from '../src/rows/cell-values.js';

describe('reading a cell as text', () => {
  it('takes rich text, hyperlinks and formulas as what they show', () => {
    expect(cellText({ richText: [{ text: '李' }, { text: '华 ' }] } as CellValue)).toBe('李华');
    expect(cellText({ text: '某大学', hyperlink: 'https://example.edu' } as CellValue)).toBe('某大学');
    expect(cellText({ formula: 'A1&B1', result: '汉族' } as CellValue)).toBe('汉族');
    expect(cellText({ error: '#N/A' } as CellValue)).toBeNull();
    expect(cellText('   ')).toBeNull();
    expect(cellText(undefined)).toBeNull();
  });
});

describe('an ID number cell', () => {
  it('is exact when typed as text, whatever the case of the X or the spaces', () => {
    expect(readIdNumber(' 11010519491231002x ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(readIdNumber({ formula: 'TRIM(A1)', result: '110105194912310021' } as CellValue)).toEqual({
      ok: true,
      value: '110105194912310021',
    });
  });
  it('has lost its last digits when Excel stored an 18-digit number, or shows it in scientific notation', () => {
    expect(readIdNumber(110105194912310020)).toEqual({ ok: false, code: 'ID_NUMBER_PRECISION_LOST' });
    expect(readIdNumber('1.10105E+17')).toEqual({ ok: false, code: 'ID_NUMBER_PRECISION_LOST' });
    expect(readIdNumber({ formula: 'A1', result: 110105194912310020 } as CellValue)).toEqual({
      ok: false,
      code: 'ID_NUMBER_PRECISION_LOST',
    });
  });
  it('keeps a 15-digit number, which a double holds exactly (the legacy rule refuses it later)', () => {
    expect(readIdNumber(110105491231002)).toEqual({ ok: true, value: '110105491231002' });
  });
});

describe('a joining month', () => {
  it('reads the forms people type', () => {
    for (const typed of [
      '2015-05',
      '2015-5',
      '2015.05',
      '2015.5',
      '2015/05',
      '201505',
      '2015年5月',
      '2015年05月',
      '2015 年 5 月',
    ]) {
      expect(readYearMonth(typed), typed).toBe('2015-05');
    }
  });
  it('reads Excel dates and numbers that are not ambiguous', () => {
    expect(readYearMonth(new Date(Date.UTC(2015, 4, 1)))).toBe('2015-05');
    expect(readYearMonth(42125)).toBe('2015-05'); // the serial of 2015-05-01
    expect(readYearMonth(201505)).toBe('2015-05');
    expect(readYearMonth(2015.05)).toBe('2015-05');
    expect(readYearMonth(2015.11)).toBe('2015-11');
  });
  it('leaves what it cannot read as typed, for the rules to refuse', () => {
    expect(readYearMonth(2015.1)).toBe('2015.1'); // 2015.10 typed into a number cell: January or October?
    expect(readYearMonth('2015-13')).toBe('2015-13');
    expect(readYearMonth('去年五月')).toBe('去年五月');
    expect(readYearMonth(null)).toBeNull();
  });
});

describe('a phone cell', () => {
  it('reads text or a number', () => {
    expect(readPhone(13800001111)).toBe('13800001111');
    expect(readPhone('138-0000-1111')).toBe('13800001111');
    expect(readPhone(' ')).toBeNull();
  });
});
