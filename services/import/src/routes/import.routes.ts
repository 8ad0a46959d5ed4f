import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { importListQuery, importUploadQuery } from '@zhtj/contracts';
import { idParam, localeOf, readQuery, type AuthEnv } from '@zhtj/service-kit';
import type { AppDependencies } from '../app.js';
import { listImportJobs, openFailureReport, readImportJob, toImportJobView } from '../usecases/read-imports.js';
import { startImport } from '../usecases/start-import.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST and GET /orgs/:id/imports. */
export function orgImportRoutes(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.post('/:id/imports', async (c) => {
    const { kind, branchId } = readQuery(c, importUploadQuery);
    const job = await startImport(deps, c.get('caller'), {
      orgId: idParam(c, 'ORG_NOT_FOUND'),
      kind,
      branchId,
      request: c.req.raw,
    });
    c.header('location', `/imports/${job._id}`);
    return c.json({ jobId: job._id }, 202);
  });
  app.get('/:id/imports', async (c) => {
    const page = await listImportJobs(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), readQuery(c, importListQuery));
    const locale = localeOf(c);
    return c.json({ items: page.items.map((job) => toImportJobView(job, locale)), nextCursor: page.nextCursor });
  });
  return app;
}

/** GET /imports/:jobId and its failure workbook. */
export function importJobRoutes(deps: AppDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/:id', async (c) => {
    const job = await readImportJob(deps, c.get('caller'), idParam(c, 'IMPORT_JOB_NOT_FOUND'));
    c.header('cache-control', 'no-store');
    return c.json(toImportJobView(job, localeOf(c)));
  });
  app.get('/:id/failures.xlsx', async (c) => {
    const { job, file, masked } = await openFailureReport(deps, c.get('caller'), idParam(c, 'IMPORT_JOB_NOT_FOUND'));
    const name = `${job.fileName.replace(/\.xlsx$/i, '')}-失败名单${masked ? '（脱敏）' : ''}.xlsx`;
    c.header('content-type', XLSX_TYPE);
    c.header('content-disposition', `attachment; filename="failures.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    c.header('cache-control', 'private, no-store');
    return c.body(Readable.toWeb(file) as ReadableStream);
  });
  return app;
}
