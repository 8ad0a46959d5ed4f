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
  return new Hono().get('/imports/template', async (c) => {
    const { kind } = readQuery(c, query);
    let workbook = cache.get(kind);
    if (!workbook) cache.set(kind, (workbook = buildTemplate(kind)));
    c.header('content-type', XLSX_TYPE);
    c.header(
      'content-disposition',
      `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(FILE_NAMES[kind])}`,
    );
    c.header('cache-control', 'public, max-age=3600');
    return c.body(new Uint8Array(await workbook));
  });
}
