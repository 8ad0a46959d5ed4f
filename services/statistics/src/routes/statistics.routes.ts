import { Hono } from 'hono';
import { statisticsChildrenQuery } from '@zhtj/contracts';
import { idParam, readQuery, type AuthEnv } from '@zhtj/service-kit';
import { childrenStatistics, statisticsOf, statisticsTable, type StatisticsDependencies } from '../usecases/read-statistics.js';
import { statisticsWorkbook, XLSX_TYPE } from '../usecases/statistics-workbook.js';

const attachment = (name: string) => `attachment; filename="statistics.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** `GET /orgs/:id/statistics`, `…/statistics/children`, `…/statistics.xlsx`: for those who may view the org. */
export function statisticsRoutes(deps: StatisticsDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/:id/statistics', async (c) => c.json(await statisticsOf(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'))));
  app.get('/:id/statistics/children', async (c) =>
    c.json(await childrenStatistics(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'), readQuery(c, statisticsChildrenQuery))),
  );
  app.get('/:id/statistics.xlsx', async (c) => {
    const table = await statisticsTable(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND'));
    c.header('content-type', XLSX_TYPE);
    c.header('content-disposition', attachment(`${table.self.name ?? '团组织'}团员统计.xlsx`));
    c.header('cache-control', 'no-store');
    return c.body(new Uint8Array(await statisticsWorkbook(table)));
  });
  return app;
}
