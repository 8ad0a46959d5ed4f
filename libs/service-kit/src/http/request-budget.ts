import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, type Registry } from 'prom-client';
import { AppError } from '@zhtj/contracts';
import { withBudget, type RequestBudget } from '@zhtj/store';

/**
 * The header in which a caller says how long it will wait for the answer, in milliseconds: the
 * gateway sends the rest of its route timeout. Relative, so clocks need not agree.
 */
export const TIMEOUT_HEADER = 'x-request-timeout-ms';

export interface SheddingLimits {
  /** Requests of one class (reads, writes) handled at once by this process. */
  maxConcurrent: number;
  /** Requests of one class waiting for a turn; one more is refused at once. */
  maxQueued: number;
  /** The budget of a request that names none, and the most any caller may ask for. */
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
}

type RouteClass = 'read' | 'write';

interface Waiter {
  start(): void;
  /** Its turn came too late to finish within its budget. */
  tooLate(): void;
  budget: RequestBudget;
}

/** One class's turns: at most `maxConcurrent` running, at most `maxQueued` waiting, in order. */
class Lane {
  running = 0;
  readonly queue: Waiter[] = [];
  /** Recent time a request of this class took (EWMA, ms): how long a place in the queue costs. */
  serviceMs: number | undefined;

  constructor(private readonly limits: SheddingLimits) {}

  /** ms a request arriving now would wait for its turn. */
  expectedWaitMs(): number {
    if (this.running < this.limits.maxConcurrent) return 0;
    return Math.ceil((this.queue.length + 1) / this.limits.maxConcurrent) * (this.serviceMs ?? 1);
  }

  done(tookMs: number): void {
    this.serviceMs = this.serviceMs === undefined ? tookMs : this.serviceMs * 0.8 + tookMs * 0.2;
    this.running -= 1;
    // Turns go to those still waited for with time to finish; the others leave without running.
    while (this.queue.length > 0 && this.running < this.limits.maxConcurrent) {
      const next = this.queue.shift()!;
      if (next.budget.signal.aborted) continue;
      if (next.budget.deadline - Date.now() < this.serviceMs) {
        next.tooLate();
        continue;
      }
      this.running += 1;
      next.start();
    }
  }
}

/**
 * Bounded work per process, so that load it cannot serve in time is refused at once instead of
 * queueing for minutes — and work its caller has given up on stops:
 * - every request gets a budget: the caller's `x-request-timeout-ms` (the gateway's remaining
 *   route timeout) capped at `maxTimeoutMs`, or `defaultTimeoutMs`; its signal aborts when the
 *   budget is spent or the connection closes, and store reads are bounded by it (maxTimeMS);
 * - reads (GET) and writes take turns separately (a flood of lists does not stop writes), at most
 *   `maxConcurrent` at once; a request that would have to wait for its turn longer than a request
 *   takes (or than its budget allows), or find the queue full, gets 503 `SERVICE_BUSY` with
 *   Retry-After at once — so the answered ones stay near their usual time — and one whose caller
 *   goes away while it waits never runs.
 * Health, readiness and metrics are not counted: the platform must see a busy process as alive.
 */
export function requestBudget(options: {
  service: string;
  limits: SheddingLimits;
  registry?: Registry;
  /** Skipped paths (probes, metrics). */
  exempt?: (path: string) => boolean;
}): { middleware: MiddlewareHandler; busy(): { read: LaneState; write: LaneState; busy: boolean } } {
  const { limits } = options;
  const lanes: Record<RouteClass, Lane> = { read: new Lane(limits), write: new Lane(limits) };
  const shed = options.registry
    ? new Counter({
        name: 'http_requests_shed_total',
        help: 'Requests refused at once (SERVICE_BUSY) or dropped while waiting, by class and reason',
        labelNames: ['class', 'reason'] as const,
        registers: [options.registry],
      })
    : undefined;
  const late = options.registry
    ? new Counter({
        name: 'http_requests_past_deadline_total',
        help: 'Requests whose handler was still running when their caller had stopped waiting',
        labelNames: ['class'] as const,
        registers: [options.registry],
      })
    : undefined;
  if (options.registry) {
    for (const name of ['read', 'write'] as const) {
      new Gauge({
        name: `http_requests_queued_${name}`,
        help: `Requests waiting for a turn (${name}s)`,
        registers: [options.registry],
        collect() {
          this.set(lanes[name].queue.length);
        },
      });
    }
  }
  const busyAnswer = (retryAfterSec: number) =>
    new AppError('SERVICE_BUSY', { params: { service: options.service }, headers: { 'retry-after': String(retryAfterSec) } });

  const middleware: MiddlewareHandler = async (c, next) => {
    if (options.exempt?.(c.req.path)) return next();
    const asked = Number(c.req.header(TIMEOUT_HEADER));
    const timeoutMs = Number.isFinite(asked) && asked > 0 ? Math.min(asked, limits.maxTimeoutMs) : limits.defaultTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('deadline passed')), timeoutMs);
    // The caller going away: node's response closing before it was written.
    const outgoing = (c.env as { outgoing?: NodeJS.EventEmitter & { writableFinished?: boolean } } | undefined)?.outgoing;
    const onClose = () => {
      if (!outgoing?.writableFinished) controller.abort(new Error('caller went away'));
    };
    outgoing?.once('close', onClose);
    const budget: RequestBudget = { deadline: Date.now() + timeoutMs, signal: controller.signal };
    const cls: RouteClass = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write';
    const lane = lanes[cls];
    try {
      const wait = lane.expectedWaitMs();
      if (wait > 0) {
        // Wait for a turn only about as long as a request takes: more queue only makes everyone
        // late (an answer after twice its usual time is worse than a clear "busy, retry").
        const tooLong = wait > Math.min(lane.serviceMs ?? timeoutMs, timeoutMs - (lane.serviceMs ?? 0));
        if (lane.queue.length >= limits.maxQueued || tooLong) {
          shed?.inc({ class: cls, reason: lane.queue.length >= limits.maxQueued ? 'queue_full' : 'no_time' });
          throw busyAnswer(Math.max(1, Math.ceil(wait / 1000)));
        }
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            budget,
            start: resolve,
            tooLate: () => {
              shed?.inc({ class: cls, reason: 'no_time' });
              reject(busyAnswer(1));
            },
          };
          lane.queue.push(waiter);
          budget.signal.addEventListener(
            'abort',
            () => {
              const at = lane.queue.indexOf(waiter);
              if (at === -1) return; // already running
              lane.queue.splice(at, 1);
              shed?.inc({ class: cls, reason: 'abandoned' });
              reject(busyAnswer(1));
            },
            { once: true },
          );
        });
      } else {
        lane.running += 1;
      }
      const started = performance.now();
      try {
        await withBudget(budget, next);
      } finally {
        lane.done(performance.now() - started);
        if (Date.now() > budget.deadline) late?.inc({ class: cls });
      }
    } finally {
      clearTimeout(timer);
      outgoing?.off('close', onClose);
    }
  };

  const state = (lane: Lane): LaneState => ({ running: lane.running, queued: lane.queue.length });
  return {
    middleware,
    busy: () => {
      const read = state(lanes.read);
      const write = state(lanes.write);
      return { read, write, busy: lanes.read.queue.length > 0 || lanes.write.queue.length > 0 };
    },
  };
}

export interface LaneState {
  running: number;
  queued: number;
}
