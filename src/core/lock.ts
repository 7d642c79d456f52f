/** Serialises work per key within this process: events on one conversation or run never interleave. */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Resolves when nothing holds any key. */
  idle(): Promise<void>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}

/** What a lock shared between processes needs of the store (Redis: `SET NX PX`, compare-and-delete). */
export interface LeaseStore {
  take(key: string, token: string, ttlMs: number): Promise<boolean>;
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  give(key: string, token: string): Promise<void>;
  /** Resolves when the lease is given back, or after `ms` at the latest. */
  released?(key: string, ms: number): Promise<void>;
}

export interface LeasedLockOptions {
  /** How long a lease lasts unless renewed: a crashed holder blocks others at most this long. */
  leaseMs?: number;
  /** How long to wait for a conversation another process holds before giving up on the event. */
  waitMs?: number;
}

/** Thrown when another process held a conversation for longer than a turn could take. */
export class ConversationBusy extends Error {
  constructor() {
    super('the conversation stayed busy in another process');
  }
}

/** How long a process waits for word that a lease was given back before trying again anyway (its holder may have died). */
const RELEASE_CHECK_MS = 50;

/**
 * Serialises work per key across every process sharing the store: first within this process (as
 * `createKeyedLock`), then with a lease in the store, renewed while the work runs and given back
 * after it. A process that dies holding a lease blocks the key until the lease ends (`leaseMs`).
 */
export function createLeasedLock(leases: LeaseStore, token: string, options: LeasedLockOptions = {}): KeyedLock {
  const leaseMs = options.leaseMs ?? 2_000;
  const waitMs = options.waitMs ?? 60_000;
  const local = createKeyedLock();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function take(key: string): Promise<void> {
    const giveUpAt = Date.now() + waitMs;
    for (let pause = 1; !(await leases.take(key, token, leaseMs)); pause = Math.min(pause * 2, 8)) {
      if (Date.now() > giveUpAt) throw new ConversationBusy();
      // Woken as soon as the holder gives the lease back, where the store says so; else a short sleep.
      await (leases.released ? leases.released(key, RELEASE_CHECK_MS) : sleep(pause));
    }
  }
  return {
    run(key, work) {
      return local.run(key, async () => {
        await take(key);
        const renewing = setInterval(() => void leases.renew(key, token, leaseMs).catch(() => undefined), leaseMs / 3);
        renewing.unref();
        try {
          return await work();
        } finally {
          clearInterval(renewing);
          await leases.give(key, token).catch(() => undefined);
        }
      });
    },
    idle: () => local.idle(),
  };
}
