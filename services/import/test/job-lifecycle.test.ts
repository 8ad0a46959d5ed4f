import { describe, expect, it } from 'vitest';
import { IMPORT_STATUSES } from '@zhtj/contracts';
import {
  hasResult,
  allows,
  INITIAL_JOB_STATUS,
  isFinished,
  JOB_STATUSES,
  next,
  statusesAllowing,
  type ImportJobAction,
} from '../src/domain/job-lifecycle.js';

const ACTIONS: ImportJobAction[] = ['claim', 'complete', 'fail', 'interrupt', 'requeue'];

describe('the import job lifecycle table', () => {
  it('has the statuses the API answers with, and starts queued', () => {
    expect([...JOB_STATUSES].sort()).toEqual([...IMPORT_STATUSES].sort());
    expect(INITIAL_JOB_STATUS).toBe('queued');
  });

  it('takes exactly these steps, and refuses every other pair', () => {
    const steps = JOB_STATUSES.flatMap((status) =>
      ACTIONS.filter((action) => allows(status, action)).map((action) => `${status} ${action} → ${next(status, action)}`),
    );
    expect(steps.sort()).toEqual(
      [
        'queued claim → running',
        'queued requeue → queued',
        'running claim → running', // a worker takes over a job whose worker stopped beating
        'running complete → completed',
        'running fail → failed',
        'running interrupt → failed',
        'running requeue → running',
      ].sort(),
    );
    for (const status of JOB_STATUSES)
      for (const action of ACTIONS) if (!allows(status, action)) expect(next(status, action)).toBeNull();
  });

  it('never completes or fails a job no worker has claimed', () => {
    expect(allows('queued', 'complete')).toBe(false);
    expect(allows('queued', 'fail')).toBe(false);
  });

  it('counts completed and failed as finished: nothing more happens to them', () => {
    expect(JOB_STATUSES.filter(isFinished).sort()).toEqual(['completed', 'failed']);
    expect(statusesAllowing('requeue').sort()).toEqual(['queued', 'running']);
    expect(statusesAllowing('interrupt')).toEqual(['running']);
  });

  it('has a result (a summary, a failure workbook) only where completing leads, not where failing does', () => {
    expect(JOB_STATUSES.filter(hasResult)).toEqual([next('running', 'complete')]);
    expect(hasResult(next('running', 'fail')!)).toBe(false);
  });
});
