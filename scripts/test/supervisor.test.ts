import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { restartDelayMs, supervise } from '../supervisor.js';

describe('the supervisor of npm start', () => {
  it('backs off: 1 s, doubling with each crash in a row, at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('starts a crashed process again, says why, and stops it only when told', async () => {
    const lines: string[] = [];
    let starts = 0;
    // A process that crashes at once the first two times, then stays up.
    const supervised = supervise({
      name: 'flaky',
      start: () => {
        starts += 1;
        const script = starts <= 2 ? 'process.exit(3)' : 'setInterval(() => {}, 1000)';
        return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
      },
      report: (line) => lines.push(line),
      delayMs: (n) => n * 10,
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (starts === 3) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(supervised.restarts).toBe(2);
    expect(lines).toEqual([
      '[flaky] exited (code 3); starting it again in 0 s (crash 1 in a row)',
      '[flaky] exited (code 3); starting it again in 0 s (crash 2 in a row)',
    ]);
    // SIGKILLed from outside: started again too.
    supervised.current.kill('SIGKILL');
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (starts === 4) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(lines.at(-1)).toContain('exited (SIGKILL)');
    const last = supervised.current;
    await supervised.stop();
    expect(last.signalCode).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    expect(starts).toBe(4);
  });
});
