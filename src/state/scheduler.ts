import { z } from 'zod';
import { keys } from './keys';
import type { StateStore } from './store';

export const Timer = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  at: z.number(),
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type Timer = z.infer<typeof Timer>;
const TimerIndex = z.array(z.object({ id: z.string(), at: z.number() }));

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A durable scheduler: timers live in the state store, survive restarts and fire once. */
export interface Scheduler {
  schedule(runId: string, name: string, at: number, payload?: Timer['payload']): Promise<void>;
  /** Cancels one named timer of a run, or all of them with `*`. */
  cancel(runId: string, name: string): Promise<void>;
  pending(): Promise<Timer[]>;
  /** Fires every timer due at `now`, oldest first; a timer is removed once its handler has finished. */
  runDue(now: number, fire: (timer: Timer) => Promise<void>): Promise<number>;
  /** Checks for due timers every `intervalMs` with the clock; returns a stop function. */
  start(clock: Clock, fire: (timer: Timer) => Promise<void>, intervalMs?: number): () => Promise<void>;
}

export function createScheduler(store: StateStore): Scheduler {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = chain.then(work, work);
    chain = result.catch(() => undefined);
    return result;
  };
  const readIndex = async () => (await store.get(keys.timerIndex(), TimerIndex)) ?? [];
  const timerId = (runId: string, name: string) => `${runId}.${name}`;
  const remove = async (ids: Set<string>) => {
    const index = await readIndex();
    await store.set(keys.timerIndex(), index.filter((entry) => !ids.has(entry.id)));
    await Promise.all([...ids].map((id) => store.delete(keys.timer(id))));
  };
  const scheduler: Scheduler = {
    schedule: (runId, name, at, payload = {}) =>
      serial(async () => {
        const id = timerId(runId, name);
        await store.set(keys.timer(id), { id, runId, name, at, payload } satisfies Timer);
        const index = (await readIndex()).filter((entry) => entry.id !== id);
        index.push({ id, at });
        index.sort((a, b) => a.at - b.at);
        await store.set(keys.timerIndex(), index);
      }),
    cancel: (runId, name) =>
      serial(async () => {
        const index = await readIndex();
        const prefix = `${runId}.`;
        const ids = new Set(index.filter((e) => (name === '*' ? e.id.startsWith(prefix) : e.id === timerId(runId, name))).map((e) => e.id));
        if (ids.size > 0) await remove(ids);
      }),
    async pending() {
      const index = await readIndex();
      const timers = await Promise.all(index.map((e) => store.get(keys.timer(e.id), Timer)));
      return timers.filter((t): t is Timer => t !== undefined);
    },
    async runDue(now, fire) {
      const due = await serial(async () => (await readIndex()).filter((e) => e.at <= now));
      let fired = 0;
      for (const entry of due) {
        const timer = await store.get(keys.timer(entry.id), Timer);
        if (timer && timer.at <= now) {
          await fire(timer);
          fired += 1;
        }
        // Removed only if it was not rescheduled meanwhile.
        await serial(async () => {
          const current = await store.get(keys.timer(entry.id), Timer);
          if (!current || current.at <= now) await remove(new Set([entry.id]));
        });
      }
      return fired;
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
