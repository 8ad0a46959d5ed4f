import { Hono } from 'hono';
import { registrationCodesBody } from '@zhtj/contracts';
import { idParam, readOptionalJson, type AuthEnv } from '@zhtj/service-kit';
import type { OrgRepository } from '../store/org.repository.js';
import type { RegistrationCodeRepository } from '../store/registration-code.repository.js';
import { generateRegistrationCodes } from '../usecases/generate-registration-codes.js';
import { currentCodeStates } from '../usecases/registration-code-states.js';
import { currentCodesWorkbook, newCodesWorkbook, XLSX_TYPE } from '../usecases/registration-codes-workbook.js';

export interface RegistrationCodeRoutesDependencies {
  orgs: OrgRepository;
  codes: RegistrationCodeRepository;
  ttlDays: number;
}

const attachment = (name: string) =>
  `attachment; filename="registration-codes.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * `POST /orgs/:id/registration-codes`: codes for direct children, all or the ones named; as JSON,
 * or as the batch-export workbook when the client accepts xlsx.
 * `GET /orgs/:id/registration-codes` (JSON) and `….xlsx`: the state of the children's current codes.
 */
export function registrationCodeRoutes(deps: RegistrationCodeRoutesDependencies): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.post('/:id/registration-codes', async (c) => {
    const id = idParam(c, 'ORG_NOT_FOUND');
    // The body is optional: a request without one means every direct child.
    const childOrgIds = (await readOptionalJson(c, registrationCodesBody))?.childOrgIds;
    const items = await generateRegistrationCodes(deps, c.get('caller'), id, childOrgIds);
    c.header('cache-control', 'no-store');
    if (c.req.header('accept')?.includes(XLSX_TYPE)) {
      c.header('content-type', XLSX_TYPE);
      c.header('content-disposition', attachment('管理员注册码.xlsx'));
      return c.body(new Uint8Array(await newCodesWorkbook(items)), 201);
    }
    return c.json({ items }, 201);
  });

  app.get('/:id/registration-codes', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ items: await currentCodeStates(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND')) });
  });

  app.get('/:id/registration-codes.xlsx', async (c) => {
    const workbook = await currentCodesWorkbook(await currentCodeStates(deps, c.get('caller'), idParam(c, 'ORG_NOT_FOUND')));
    c.header('content-type', XLSX_TYPE);
    c.header('content-disposition', attachment('管理员注册码状态.xlsx'));
    c.header('cache-control', 'no-store');
    return c.body(new Uint8Array(workbook));
  });
  return app;
}
