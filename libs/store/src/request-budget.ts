import { AsyncLocalStorage } from 'node:async_hooks';

/** The time a request has, and whether it is still wanted. */
export interface RequestBudget {
  /** When the caller stops waiting (epoch ms). */
  deadline: number;
  /** Aborted when the deadline passes or the caller goes away. */
  signal: AbortSignal;
}

const scope = new AsyncLocalStorage<RequestBudget>();

/**
 * The budget of the request being handled, wherever in its call chain: every read the store
 * sends asks it (see connectMongo). service-kit's requestBudget middleware sets it.
 */
export function currentBudget(): RequestBudget | undefined {
  return scope.getStore();
}

/** Runs `work` under the budget, so the reads it makes are bounded by it. */
export function withBudget<T>(budget: RequestBudget, work: () => T): T {
  return scope.run(budget, work);
}

/**
 * Runs `work` outside any request's budget: for what outlives the request that started it (a
 * stream of server-sent events reads long after the request's deadline).
 */
export function withoutBudget<T>(work: () => T): T {
  return scope.exit(work);
}
