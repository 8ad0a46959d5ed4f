import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completeLength, visitWorkbook, wholeCharacters, WorkbookExpandsTooMuchError } from '../src/rows/sheet-reader.js';
import { buildLargeWorkbook, buildWorkbook, memberRow } from './workbooks.js';

describe('reading a workbook as a stream', () => {
  it('reads every Chinese name intact, whatever the zip chunking (exceljs alone garbles names split across chunks)', async () => {
    const file = await buildLargeWorkbook(3000, (n) => memberRow(n, { employer: `第${n}中学·高三（${n % 9}）班` }));
    const names: string[] = [];
    const employers: string[] = [];
    // Small chunks, so characters are split often.
    const chunks = Array.from({ length: Math.ceil(file.length / 997) }, (_, i) => file.subarray(i * 997, (i + 1) * 997));
    await visitWorkbook(Readable.from(chunks), {
      onRow: (row) => {
        if (row.number === 1) return;
        names.push(row.cells[0] as string);
        employers.push(row.cells[9] as string);
      },
    });
    expect(names).toEqual(Array.from({ length: 3000 }, (_, n) => memberRow(n).name));
    expect(employers.every((e, n) => e === `第${n}中学·高三（${n % 9}）班`)).toBe(true);
  });

  it('reports merged ranges, the version marker, and passes over empty rows', async () => {
    const file = await buildWorkbook({ rows: [memberRow(1), [], memberRow(2)], merges: ['J2:J4'] });
    const rows: number[] = [];
    const merges: string[] = [];
    let marker = '';
    await visitWorkbook(Readable.from([file]), {
      onRow: (row) => void rows.push(row.number),
      onMergedRange: (range) => merges.push(range),
      onVersionMarker: (m) => (marker = m),
    });
    expect(rows).toEqual([1, 2, 4]);
    expect(merges).toContain('J2:J4');
    expect(marker).toBe('zhtj-import:members:v1');
  });

  it('stops with WorkbookExpandsTooMuchError once the parts read inflate beyond the budget', async () => {
    const file = await buildLargeWorkbook(2000, (n) => memberRow(n));
    let rows = 0;
    await visitWorkbook(Readable.from([file]), { onRow: () => void (rows += 1) }, { maxExpandedBytes: 64 * 1024 * 1024 });
    expect(rows).toBe(2001); // the header and every row, within a generous budget
    const reading = visitWorkbook(Readable.from([file]), { onRow: () => undefined }, { maxExpandedBytes: 256 * 1024 });
    await expect(reading).rejects.toBeInstanceOf(WorkbookExpandsTooMuchError);
  });

  it('cuts chunks only between whole UTF-8 characters', async () => {
    const text = '李华·阿卜杜拉🙂abc';
    const bytes = Buffer.from(text);
    for (let size = 1; size <= 7; size += 1) {
      const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      const out: string[] = [];
      for await (const chunk of wholeCharacters(Readable.from(pieces))) out.push(chunk.toString('utf8'));
      expect(out.join('')).toBe(text);
      expect(out.every((piece) => !piece.includes('\uFFFD'))).toBe(true);
    }
    expect(completeLength(Buffer.from([0x61, 0xe6, 0x9d]))).toBe(1);
    expect(completeLength(Buffer.from('李'))).toBe(3);
  });
});
