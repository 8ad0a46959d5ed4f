import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { sniffFormat } from '../rows/zip-directory.js';
import type { FileStore } from '../store/file-store.js';
import { AppError } from '@zhtj/contracts';

export interface StoredUpload {
  fileName: string;
  size: number;
}

const MULTIPART = 'multipart/form-data';

/** A name for display and the failure report: no path, no control characters, not too long. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}]/gu, '')
    .trim();
  return base.slice(0, 120) || 'upload.xlsx';
}

/**
 * Streams the multipart field `file` of a request into the file store under `id`, without
 * holding the file in memory. Its first bytes must be a zip (an .xlsx); an old .xls or anything
 * else is refused at once. Over `maxBytes` the stored part is removed and the upload refused.
 */
export async function receiveUpload(request: Request, files: FileStore, id: string, maxBytes: number): Promise<StoredUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith(MULTIPART) || !request.body) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { params: { expected: MULTIPART } });
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12, fieldSize: 1024 },
      defParamCharset: 'utf8',
    });
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { params: { expected: MULTIPART } });
  }

  const stored = new Promise<StoredUpload | null>((resolve, reject) => {
    let saving: Promise<StoredUpload> | null = null;
    parser.on('file', (field, file, info) => {
      if (field !== 'file' || saving) {
        file.resume();
        return;
      }
      let tooLarge = false;
      file.on('limit', () => (tooLarge = true));
      saving = files.save(id, cleanFileName(info.filename), file.pipe(formatCheck())).then(async (size) => {
        if (tooLarge) {
          await files.remove(id);
          throw new AppError('IMPORT_FILE_TOO_LARGE', { params: { limit: formatMiB(maxBytes) } });
        }
        return { fileName: cleanFileName(info.filename), size };
      });
      // A refused file is still read to its end, so the parser finishes and the answer goes out.
      saving.catch(() => file.resume());
    });
    parser.on('close', () => resolve(saving ? saving : null));
    parser.on('error', reject);
  });

  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  let upload: StoredUpload | null;
  try {
    upload = await stored;
  } catch (error) {
    await files.remove(id).catch(() => undefined);
    if (error instanceof AppError) throw error;
    if ((error as Error).name === 'BodyLimitError') {
      throw new AppError('IMPORT_FILE_TOO_LARGE', { params: { limit: formatMiB(maxBytes) }, cause: error });
    }
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { params: { expected: MULTIPART }, cause: error });
  }
  if (!upload) throw new AppError('IMPORT_FILE_REQUIRED');
  if (upload.size === 0) {
    await files.remove(id);
    throw new AppError('IMPORT_NOT_XLSX');
  }
  return upload;
}

const formatMiB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Passes the bytes through once the first eight show a zip; an .xls or anything else stops the upload. */
function formatCheck(): Transform {
  let head: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!head) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < 8) return done();
      const format = sniffFormat(head);
      if (format === 'xls') return done(new AppError('IMPORT_XLS_NOT_SUPPORTED'));
      if (format !== 'zip') return done(new AppError('IMPORT_NOT_XLSX'));
      const all = head;
      head = null;
      done(null, all);
    },
    flush(done) {
      if (head && head.length > 0) return done(new AppError('IMPORT_NOT_XLSX'));
      done();
    },
  });
}
