/**
 * What an xlsx (a zip) says about itself in its central directory, read before any of it is
 * expanded: whether it is a workbook at all, and how large its parts become once unzipped. A
 * 20 MB upload that expands to gigabytes (a zip bomb) is refused here, unread.
 */
export type ZipVerdict =
  | { ok: true; expandedBytes: number }
  | { ok: false; code: 'IMPORT_NOT_XLSX' }
  | { ok: false; code: 'IMPORT_FILE_SUSPICIOUS'; expandedBytes: number };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export async function inspectZip(
  size: number,
  read: (start: number, end: number) => Promise<Buffer>,
  maxExpandedBytes: number,
): Promise<ZipVerdict> {
  if (size < END_RECORD_SIZE) return { ok: false, code: 'IMPORT_NOT_XLSX' };
  const tailStart = Math.max(0, size - END_RECORD_SIZE - MAX_COMMENT);
  const tail = await read(tailStart, size);
  let end = -1;
  for (let i = tail.length - END_RECORD_SIZE; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return { ok: false, code: 'IMPORT_NOT_XLSX' };
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  // ZIP64 markers: no workbook within the upload limit needs them; a bomb does.
  if (entries === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    return { ok: false, code: 'IMPORT_FILE_SUSPICIOUS', expandedBytes: Number.POSITIVE_INFINITY };
  }
  if (directoryOffset + directorySize > size) return { ok: false, code: 'IMPORT_NOT_XLSX' };

  const directory = await read(directoryOffset, directoryOffset + directorySize);
  let expandedBytes = 0;
  let hasWorkbook = false;
  let at = 0;
  for (let n = 0; n < entries; n += 1) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) {
      return { ok: false, code: 'IMPORT_NOT_XLSX' };
    }
    const expanded = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    if (expanded === 0xffffffff) return { ok: false, code: 'IMPORT_FILE_SUSPICIOUS', expandedBytes: Number.POSITIVE_INFINITY };
    if (name === 'xl/workbook.xml') hasWorkbook = true;
    expandedBytes += expanded;
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!hasWorkbook) return { ok: false, code: 'IMPORT_NOT_XLSX' };
  if (expandedBytes > maxExpandedBytes) return { ok: false, code: 'IMPORT_FILE_SUSPICIOUS', expandedBytes };
  return { ok: true, expandedBytes };
}

/** The first bytes of a file: a zip (xlsx), an OLE compound file (old .xls), or something else. */
export function sniffFormat(head: Buffer): 'zip' | 'xls' | 'other' {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return 'other';
}
