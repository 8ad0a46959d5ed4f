import { z } from 'zod';
import { uuid } from '../common.js';
import { pageQuery } from './orgs.js';

export const IMPORT_KINDS = ['members', 'cadres'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** POST /orgs/:id/imports?kind=&branchId= — branchId names the branch when :id is not one. */
export const importUploadQuery = z.object({
  kind: z.enum(IMPORT_KINDS).default('members'),
  branchId: uuid.optional(),
});

export const importListQuery = pageQuery;

/**
 * The largest workbook an import accepts: IMPORT_MAX_FILE_BYTES, read by import (which holds the
 * file to it, counting the stream) and by the gateway (which lets an upload's body through up to
 * it): one variable and one default, so raising it for one cannot be silently capped by the other.
 */
export const importMaxFileBytesVariable = z.coerce
  .number()
  .int()
  .min(1024)
  .default(20 * 1024 * 1024);

/** An upload's body limit for a workbook of at most `maxFileBytes`: the file and its multipart wrapping. */
export const workbookUploadBodyBytes = (maxFileBytes: number) => maxFileBytes + 64 * 1024;

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/** 202 of POST /orgs/:id/imports: the job the workers run; follow it at GET /imports/:jobId. */
export const importAcceptedView = z.object({ jobId: uuid });

/** GET /imports/:jobId */
export const importJobView = z.object({
  id: uuid,
  orgId: uuid,
  branchId: uuid,
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  total: z.number().int().nullable(),
  processed: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** "成功导入 98 位团员，2 位团员导入失败" once the job has finished. */
  summary: z.string().nullable(),
  /** Why the file as a whole was refused (status failed). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  failuresUrl: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof importJobView>;
