import { runService } from '@zhtj/service-kit';
import { composeImportStores } from './compose.js';
import { configSchema } from './config.js';
import { startImportWorker } from './worker/import-worker.js';

/**
 * The import worker: its own Deployment, scaled by the IMPORT_JOBS queue. It serves only
 * /healthz, /readyz and /metrics on IMPORT_WORKER_PORT.
 */
await runService({
  name: 'import-worker',
  configSchema,
  portKey: 'IMPORT_WORKER_PORT',
  async start({ config, mongo, bus, logger }) {
    const stores = await composeImportStores(mongo);
    const worker = await startImportWorker(bus, {
      ...stores,
      maxRows: config.IMPORT_MAX_ROWS,
      maxExpandedBytes: config.IMPORT_MAX_EXPANDED_BYTES,
      batchSize: config.IMPORT_BATCH_SIZE,
      batchesInFlight: config.IMPORT_BATCHES_IN_FLIGHT,
      concurrency: config.IMPORT_JOBS_PER_WORKER,
      ackWaitMs: config.IMPORT_ACK_WAIT_MS,
      maxDeliver: config.IMPORT_MAX_DELIVER,
      onError: (err) => logger.warn({ err }, 're-queueing stalled import jobs failed'),
      onUnreadable: (jobId, err) => logger.warn({ jobId, err }, 'reading an uploaded workbook failed'),
    });
    logger.info({ workerId: worker.workerId }, 'import worker taking jobs');
    return { running: [worker] };
  },
});
