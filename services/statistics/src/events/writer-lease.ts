import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Stoppable } from '@zhtj/service-kit';

export interface WriterLeaseOptions {
  /** The Redis key of the lease: one per statistics database. */
  key: string;
  /** How long a lease lasts without renewal; it is renewed every third of it. */
  ttlMs: number;
  onChange?: (held: boolean) => void;
  onError?: (error: unknown) => void;
}

// Renew or release only a lease this holder still has (another may hold it after an expiry).
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs what `start` starts (the consumers that write the figures) only while this process holds
 * the writer's lease in Redis, so that replicas of statistics can all serve reads while exactly
 * one writes: the figures' writer serialises its runs in-process, and two writers on one
 * database would count a branch's crossing of zero twice. A replica that loses the lease (a pause
 * longer than its life, Redis unreachable) stops its consumers and waits to take it again; their
 * events wait in the durable consumers meanwhile.
 */
export function holdWriterLease(redis: Redis, options: WriterLeaseOptions, start: () => Promise<Stoppable>): Stoppable {
  const token = randomUUID();
  const every = Math.max(50, Math.floor(options.ttlMs / 3));
  let running: Stoppable | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();

  const giveUp = async () => {
    const was = running;
    running = null;
    if (was) {
      await was.stop();
      options.onChange?.(false);
    }
  };
  const tick = async () => {
    try {
      if (running) {
        const renewed = await redis.eval(RENEW, 1, options.key, token, String(options.ttlMs));
        if (renewed !== 1) await giveUp();
      } else if ((await redis.set(options.key, token, 'PX', options.ttlMs, 'NX')) === 'OK') {
        running = await start();
        options.onChange?.(true);
      }
    } catch (error) {
      options.onError?.(error);
      // Unable to renew is as good as lost: another replica may take it when it expires.
      if (running) await giveUp().catch(options.onError);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      turn = tick().finally(schedule);
    }, every);
  };
  turn = tick().finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await turn;
      await giveUp();
      await redis.eval(RELEASE, 1, options.key, token).catch(() => undefined);
    },
  };
}
