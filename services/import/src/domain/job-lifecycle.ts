import type { IMPORT_STATUSES } from '@zhtj/contracts';

export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * An import job's lifecycle as one table: for each status, the actions it allows and the status
 * each leads to. The worker, the sweeper and the API ask `allows` / `next`; nothing else decides
 * by comparing statuses.
 *
 *   queued ──claim──▶ running ──complete──▶ completed
 *                     running ──fail / interrupt──▶ failed
 *   queued, running ──requeue──▶ (unchanged: a new message for a job whose message was lost)
 *   running ──claim──▶ running (a worker takes over a job whose worker stopped beating)
 */
export type ImportJobAction = 'claim' | 'complete' | 'fail' | 'interrupt' | 'requeue';

const LIFECYCLE: Record<ImportStatus, Partial<Record<ImportJobAction, ImportStatus>>> = {
  queued: { claim: 'running', requeue: 'queued' },
  running: { claim: 'running', complete: 'completed', fail: 'failed', interrupt: 'failed', requeue: 'running' },
  completed: {},
  failed: {},
};

export const INITIAL_JOB_STATUS: ImportStatus = 'queued';

export const JOB_STATUSES = Object.keys(LIFECYCLE) as ImportStatus[];

export function allows(status: ImportStatus, action: ImportJobAction): boolean {
  return LIFECYCLE[status][action] !== undefined;
}

/** The status `action` leads to from `status`, or null when the lifecycle refuses it. */
export function next(status: ImportStatus, action: ImportJobAction): ImportStatus | null {
  return LIFECYCLE[status][action] ?? null;
}

/** A finished job allows nothing more: its result (or its failure) is final. */
export const isFinished = (status: ImportStatus): boolean => Object.keys(LIFECYCLE[status]).length === 0;

/** Whether the job ran to its end with a result (its summary and failure workbook): where `complete` leads. */
export const hasResult = (status: ImportStatus): boolean => status === LIFECYCLE.running.complete;

/** The statuses an action may be taken from (e.g. which jobs the sweeper looks at). */
export const statusesAllowing = (action: ImportJobAction): ImportStatus[] => JOB_STATUSES.filter((s) => allows(s, action));
