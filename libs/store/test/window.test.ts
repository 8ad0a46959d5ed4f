import { describe, expect, it } from 'vitest';
import { inWindow } from '../src/outbox/window.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inWindow', () => {
  it('keeps at most `size` tasks in flight and answers in input order', async () => {
    let running = 0;
    let most = 0;
    const results = await inWindow([30, 5, 20, 1, 10, 2, 8], 3, async (ms) => {
      most = Math.max(most, ++running);
      await sleep(ms);
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20, 4, 16]);
    expect(most).toBe(3);
  });

  it('slides: a slow task holds one slot while the others go on', async () => {
    // In chunks of two, items 2 and 3 could not start before item 0 (60 ms) finished.
    const order: number[] = [];
    await inWindow([0, 1, 2, 3], 2, async (n) => {
      await sleep(n === 0 ? 60 : 5);
      order.push(n);
    });
    expect(order).toEqual([1, 2, 3, 0]);
  });

  it('starts nothing new after a failure, lets the tasks in flight finish, then throws the first error', async () => {
    const finished: number[] = [];
    await expect(
      inWindow([0, 1, 2, 3, 4], 2, async (n) => {
        if (n === 1) throw new Error('ack timed out');
        await sleep(20);
        finished.push(n);
      }),
    ).rejects.toThrow('ack timed out');
    expect(finished).toEqual([0]);
  });

  it('handles nothing to do and a window wider than the work', async () => {
    expect(await inWindow([], 4, async () => 1)).toEqual([]);
    expect(await inWindow([1, 2], 64, async (n) => n + 1)).toEqual([2, 3]);
  });
});
