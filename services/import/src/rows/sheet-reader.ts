import { Readable } from 'node:stream';
import ExcelJS, { type CellValue } from 'exceljs';

/** A row of the data sheet: its number in the spreadsheet and its cells, column A first. */
export interface SheetRow {
  number: number;
  cells: CellValue[];
}

/** Sheets of the template that hold no data. */
export const OPTIONS_SHEET = '选项';
export const VERSION_SHEET = '模板版本';
export const HELP_SHEET = '填写说明';
const SUPPORT_SHEETS = new Set([OPTIONS_SHEET, VERSION_SHEET, HELP_SHEET]);

export interface WorkbookVisitor {
  /** Each non-empty row of the data sheet (the first sheet that is not one of the template's own). */
  onRow(row: SheetRow): void | 'stop' | Promise<void | 'stop'>;
  /** The text in A1 of the hidden version sheet, when the workbook has one. */
  onVersionMarker?(marker: string): void;
  /** Merged ranges of the data sheet, e.g. "A2:A3". */
  onMergedRange?(range: string): void;
}

/**
 * The parts read expanded beyond the budget: a zip whose entries are larger than its central
 * directory said (the upload's check trusts those sizes), i.e. a zip bomb.
 */
export class WorkbookExpandsTooMuchError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the workbook expands beyond ${limitBytes} bytes`);
  }
}

/**
 * Streams a workbook once (exceljs WorkbookReader): memory holds the shared strings and one row
 * at a time, whatever the number of rows. Rows with nothing in them (the template's prepared,
 * formatted rows) are passed over. The workbook, shared strings and sheets are counted as they
 * are inflated: beyond `maxExpandedBytes` reading stops with WorkbookExpandsTooMuchError.
 */
export async function visitWorkbook(
  source: Readable,
  visitor: WorkbookVisitor,
  options: { maxExpandedBytes?: number } = {},
): Promise<void> {
  const reader = new SafeWorkbookReader(source, {
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  reader.budget = { left: options.maxExpandedBytes ?? Number.POSITIVE_INFINITY, limit: options.maxExpandedBytes ?? 0 };
  let dataSheetSeen = false;
  let stopped = false;
  for await (const sheet of reader) {
    const worksheet = sheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; id: number };
    const name = worksheet.name ?? '';
    if (name === VERSION_SHEET) {
      for await (const row of worksheet) {
        const value = row.getCell(1).value;
        if (typeof value === 'string') visitor.onVersionMarker?.(value.trim());
      }
      continue;
    }
    if (SUPPORT_SHEETS.has(name) || dataSheetSeen) {
      for await (const _ of worksheet); // drained, so the zip stream moves on
      continue;
    }
    dataSheetSeen = true;
    reader.mergesOf = (range) => visitor.onMergedRange?.(range);
    for await (const row of worksheet) {
      const cells = (row.values as CellValue[]).slice(1);
      if (!cells.some(hasContent)) continue;
      if ((await visitor.onRow({ number: row.number, cells })) === 'stop') {
        stopped = true;
        break;
      }
    }
    reader.mergesOf = undefined;
    if (stopped) break;
  }
  source.destroy();
}

function hasContent(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

type ChunkIterator = AsyncIterable<Buffer>;

/**
 * exceljs's streaming reader, made safe for Chinese text and aware of merged cells:
 *
 * - It decodes each zip chunk to text on its own, so a character whose UTF-8 bytes straddle two
 *   chunks came out as "李��丽". Every part it parses is re-chunked here at character boundaries.
 * - It passes over `<mergeCell>` elements. The worksheet XML is tapped on its way in and the
 *   merged ranges reported, so a sheet with merged data cells can be refused as a whole instead
 *   of half its rows failing one by one.
 *
 * Both rely on WorkbookReader's internal `_parse…` methods of exceljs 4.4, the version pinned
 * here; the tests with Chinese names across many rows and with merged cells fail if they change.
 */
class SafeWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  mergesOf: ((range: string) => void) | undefined;
  budget = { left: Number.POSITIVE_INFINITY, limit: 0 };

  _parseWorkbook(entry: Readable): Promise<void> {
    // @ts-expect-error: a method exceljs does not declare in its types
    return super._parseWorkbook(Readable.from(wholeCharacters(this.counted(entry))));
  }

  async *_parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    // @ts-expect-error: a method exceljs does not declare in its types
    yield* super._parseSharedStrings(Readable.from(wholeCharacters(this.counted(entry))));
  }

  *_parseWorksheet(iterator: ChunkIterator, sheetNo: number): Generator<unknown> {
    const tapped = this.tapMerges(wholeCharacters(this.counted(iterator)));
    // @ts-expect-error: a method exceljs does not declare in its types
    yield* super._parseWorksheet(tapped, sheetNo);
  }

  /** The inflated bytes of a part, counted against the budget shared by all parts. */
  private async *counted(iterator: ChunkIterator): AsyncGenerator<Buffer> {
    for await (const chunk of iterator) {
      this.budget.left -= chunk.length;
      if (this.budget.left < 0) throw new WorkbookExpandsTooMuchError(this.budget.limit);
      yield chunk;
    }
  }

  private async *tapMerges(iterator: ChunkIterator): AsyncGenerator<Buffer> {
    let tail = '';
    for await (const chunk of iterator) {
      // Tags and cell references are ASCII, so latin1 is enough to find them across chunks.
      const text = tail + chunk.toString('latin1');
      for (const match of text.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)) {
        this.mergesOf?.(match[1]!);
      }
      const lastOpen = text.lastIndexOf('<');
      tail = lastOpen >= 0 && text.length - lastOpen < 256 ? text.slice(lastOpen) : '';
      yield chunk;
    }
  }
}

/** Chunks that end on a whole UTF-8 character: the bytes of a split one wait for the next chunk. */
export async function* wholeCharacters(source: ChunkIterator): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(data);
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    if (cut > 0) yield data.subarray(0, cut);
  }
  if (carry) yield carry;
}

/** How many leading bytes of `data` hold whole UTF-8 characters. */
export function completeLength(data: Buffer): number {
  let lead = data.length - 1;
  while (lead >= 0 && data.length - lead < 4 && (data[lead]! & 0xc0) === 0x80) lead -= 1;
  if (lead < 0) return data.length;
  const byte = data[lead]!;
  const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return data.length - lead < size ? lead : data.length;
}
