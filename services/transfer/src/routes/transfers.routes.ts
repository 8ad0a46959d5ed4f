import { Hono, type Context } from 'hono';
import { assignTransferBody, createTransferBody, decisionBody, TRANSFER_REASONS, transferListQuery } from '@zhtj/contracts';
import { idParam, readJson, readOptionalJson, readQuery, requireAuth, type AuthEnv, type TokenVerifier } from '@zhtj/service-kit';
import { approveTransfer, assignTransfer, cancelTransfer, rejectTransfer } from '../usecases/decide-transfer.js';
import { listTransfers, readTransfer, toTransferView } from '../usecases/read-transfers.js';
import { requestTransfer, type TransferDependencies } from '../usecases/request-transfer.js';
import type { TransferDocument } from '../store/transfer.model.js';

export function transferRoutes(deps: TransferDependencies & { verifyToken: TokenVerifier }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // The list of reasons is the same for everyone and holds nothing personal.
  app.get('/transfer-reasons', (c) => c.json({ items: TRANSFER_REASONS }));

  const transfers = new Hono<AuthEnv>();
  transfers.use('*', requireAuth(deps.verifyToken));
  const answer = async (c: Context<AuthEnv>, t: TransferDocument, status: 200 | 201 = 200) => {
    const view = await readTransfer(deps, c.get('caller'), t._id).catch(() => toTransferView(t, new Map()));
    return c.json(view, status);
  };
  transfers.post('/', async (c) => {
    const t = await requestTransfer(deps, c.get('caller'), await readJson(c, createTransferBody));
    c.header('location', `/transfers/${t._id}`);
    return answer(c, t, 201);
  });
  transfers.get('/', async (c) => c.json(await listTransfers(deps, c.get('caller'), readQuery(c, transferListQuery))));
  transfers.get('/:id', async (c) => c.json(await readTransfer(deps, c.get('caller'), idParam(c, 'TRANSFER_NOT_FOUND'))));
  transfers.post('/:id/approve', async (c) =>
    answer(
      c,
      await approveTransfer(
        deps,
        c.get('caller'),
        idParam(c, 'TRANSFER_NOT_FOUND'),
        (await readOptionalJson(c, decisionBody))?.comment,
      ),
    ),
  );
  transfers.post('/:id/reject', async (c) =>
    answer(
      c,
      await rejectTransfer(
        deps,
        c.get('caller'),
        idParam(c, 'TRANSFER_NOT_FOUND'),
        (await readOptionalJson(c, decisionBody))?.comment,
      ),
    ),
  );
  transfers.post('/:id/cancel', async (c) =>
    answer(c, await cancelTransfer(deps, c.get('caller'), idParam(c, 'TRANSFER_NOT_FOUND'))),
  );
  transfers.post('/:id/assign', async (c) => {
    const { branchId } = await readJson(c, assignTransferBody);
    return answer(c, await assignTransfer(deps, c.get('caller'), idParam(c, 'TRANSFER_NOT_FOUND'), branchId));
  });
  app.route('/transfers', transfers);
  return app;
}
