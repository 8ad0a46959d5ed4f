import { startPeriodic, type Logger } from '@zhtj/service-kit';
import {
  checkIdentities,
  formIdentityVerifier,
  sweepIdentityCheckBatches,
  type IdentityCheckDependencies,
} from '../usecases/identity-checks.js';
import { sweepAbandonedBatches, type BatchDependencies } from './commands.js';

/** The work membership does on a timer, besides answering: each returns what must be stopped. */

/** Sweeps abandoned import batches (older than ten minutes) every minute. */
export function startBatchSweeper(deps: Pick<BatchDependencies, 'batches' | 'members' | 'bus'>, logger: Logger) {
  return startPeriodic(
    () => sweepAbandonedBatches(deps, 10 * 60_000),
    60_000,
    (err) => logger.warn({ err }, 'sweeping abandoned import batches failed; retrying'),
  );
}

/** Runs the real-name checks every `intervalMs`, and sweeps the passes that died half-way. */
export function startIdentityChecks(deps: IdentityCheckDependencies, intervalMs: number, logger: Logger) {
  return startPeriodic(
    async () => {
      const settled = await checkIdentities(deps, formIdentityVerifier);
      await sweepIdentityCheckBatches(deps, 10 * 60_000);
      return settled;
    },
    intervalMs,
    (err) => logger.warn({ err }, 'real-name checks failed; retrying'),
  );
}
