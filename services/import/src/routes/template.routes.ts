import { Hono } from 'hono';
import { z } from 'zod';
import { readQuery } from '@zhtj/service-kit';
import { buildTemplate } from '../template/template-workbook.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const query = z.object({ kind: z.enum(['members', 'cadres']).default('members') });
const FILE_NAMES = { members: '团员导入模板.xlsx', cadres: '团干部导入模板.xlsx' } as const;

/** GET /imports/template?kind=members|cadres — the same for everyone, and holds nothing personal. */
export function templateRoutes(): Hono {
  const cache = new Map<string, Promise<Buffer>>();
  const built = (kind: 'members' | 'cadres') => {
    let workbook = cache.get(kind);
    if (!workbook) {
      workbook = buildTemplate(kind);
      // A build that failed is tried again by the next request, not served as a failure forever.
      workbook.catch(() => cache.delete(kind));
      cache.set(kind, workbook);
    }
    return workbook;
  };
  // Built once, at start, in the background: a cold build costs the better part of a second of
  // CPU (exceljs, the dropdown lists), and on a loaded machine the first download waited on it
  // past the gateway's timeout.
  for (const kind of ['members', 'cadres'] as const) built(kind).catch(() => undefined);
  return new Hono().get('/imports/template', async (c) => {
    const { kind } = readQuery(c, query);
    const workbook = built(kind);
    c.header('content-type', XLSX_TYPE);
    c.header(
      'content-disposition',
      `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(FILE_NAMES[kind])}`,
    );
    c.header('cache-control', 'public, max-age=3600');
    return c.body(new Uint8Array(await workbook));
  });
}
