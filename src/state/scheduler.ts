import type { StateStore } from './store';
import { timerId, type Timer } from './turn';

export { Timer } from './turn';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Due timers handled per pass; the rest wait for the next one. */
const DUE_BATCH = 200;

/**
 * A durable scheduler: timers live in the state store (a due-time index), survive restarts and
 * fire once. A turn schedules and cancels its timers in its own write; these calls are for the rest.
 */
export interface Scheduler {
  schedule(runId: string, name: string, at: number, payload?: Timer['payload']): Promise<void>;
  /** Cancels one named timer of a run, or all of them with `*`. */
  cancel(runId: string, name: string): Promise<void>;
  pending(): Promise<Timer[]>;
  /**
   * Fires every timer due at `now`, oldest first. The turn a timer starts removes it in its own
   * write; a timer whose handler wrote nothing is removed afterwards (unless it was rescheduled).
   * With `concurrency` above 1, the timers of that many runs fire at once (each run's in order).
   */
  runDue(now: number, fire: (timer: Timer) => Promise<void>, concurrency?: number): Promise<number>;
  /** Checks for due timers every `intervalMs` with the clock; returns a stop function. */
  start(clock: Clock, fire: (timer: Timer) => Promise<void>, intervalMs?: number): () => Promise<void>;
}

export function createScheduler(store: StateStore): Scheduler {
  const scheduler: Scheduler = {
    schedule: (runId, name, at, payload = {}) => store.timers.schedule({ id: timerId(runId, name), runId, name, at, payload }),
    cancel: (runId, name) => store.timers.cancel(runId, name),
    pending: () => store.timers.timers(),
    async runDue(now, fire, concurrency = 1) {
      let fired = 0;
      const done = new Set<string>();
      const fireOne = async (timer: Timer) => {
        await fire(timer);
        fired += 1;
        await store.timers.removeTimer(timer.id, timer.at);
      };
      for (;;) {
        const due = (await store.timers.due(now, DUE_BATCH)).filter((timer) => !done.has(`${timer.id}@${timer.at}`));
        if (due.length === 0) return fired;
        for (const timer of due) done.add(`${timer.id}@${timer.at}`);
        if (concurrency <= 1) {
          for (const timer of due) await fireOne(timer);
          continue;
        }
        const byRun = new Map<string, Timer[]>();
        for (const timer of due) byRun.set(timer.runId, [...(byRun.get(timer.runId) ?? []), timer]);
        const runs = [...byRun.values()];
        let next = 0;
        const worker = async () => {
          while (next < runs.length) for (const timer of runs[next++] as Timer[]) await fireOne(timer);
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, runs.length) }, worker));
      }
    },
    start(clock, fire, intervalMs = 1000) {
      let running: Promise<unknown> = Promise.resolve();
      const tick = () => {
        running = running.then(() => scheduler.runDue(clock.now(), fire)).catch(() => undefined);
      };
      const handle = setInterval(tick, intervalMs);
      handle.unref();
      tick();
      return async () => {
        clearInterval(handle);
        await running;
      };
    },
  };
  return scheduler;
}
