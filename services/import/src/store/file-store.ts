import { finished, pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';

/** Workbooks kept in GridFS: what people uploaded, and the failure reports made from them. */
export interface FileStore {
  /** Stores a stream under the given id; resolves with its size in bytes. */
  save(id: string, fileName: string, source: Readable): Promise<number>;
  /** A writable for a file the caller produces (the failure workbook's streaming writer). */
  create(id: string, fileName: string): { stream: Writable; written: Promise<void> };
  read(id: string, range?: { start: number; end?: number }): Readable;
  size(id: string): Promise<number | null>;
  remove(id: string): Promise<void>;
}

export function gridFsStore(connection: Connection, bucketName: 'uploads' | 'reports'): FileStore {
  const bucket = new mongoose.mongo.GridFSBucket(connection.db!, { bucketName, chunkSizeBytes: 1024 * 1024 });
  const remove = async (id: string) => {
    await bucket.delete(id as never).catch((error: unknown) => {
      if (!/FileNotFound|File not found/i.test((error as Error).message)) throw error;
    });
  };
  return {
    async save(id, fileName, source) {
      const upload = bucket.openUploadStreamWithId(id as never, fileName);
      try {
        await pipeline(source, upload);
      } catch (error) {
        await remove(id);
        throw error;
      }
      return upload.gridFSFile?.length ?? 0;
    },
    create(id, fileName) {
      const stream = bucket.openUploadStreamWithId(id as never, fileName);
      return { stream, written: finished(stream) };
    },
    read(id, range) {
      return bucket.openDownloadStream(id as never, range);
    },
    async size(id) {
      const [file] = await bucket
        .find({ _id: id as never })
        .limit(1)
        .toArray();
      return file ? file.length : null;
    },
    remove,
  };
}
