import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/log';
import { loadPackage } from '../core/load-package';
import type { Jobs, SlowWorkAttempt } from './jobs';

export interface BullJobsOptions {
  /** The Redis of the state store (`redis://host:6379`). */
  url: string;
  /** The state store's namespace: the queues' keys start with `<namespace>::jobs`. */
  namespace: string;
  log: Logger;
  /** How often the fleet checks that every due timer has a job (once in the fleet per period). */
  reconcileEveryMs?: number;
  /** Tries of a slow-work job before its note says it went wrong. */
  attempts?: number;
  /** The wait before the second try (doubled for each further one). */
  backoffMs?: number;
}

/** How long adding a job may take before the caller goes on without it (Redis not answering). */
const ADD_WITHIN_MS = 2000;
/** How long a worker may finish its job under way when the process stops; after that it is left for another process. */
const FINISH_WITHIN_MS = 3000;

const TIMERS = 'timers';
const slowWorkQueue = (platform: string) => `slow-work-${platform.replace(/[^A-Za-z0-9_-]/g, '_')}`;
/** A timer's job id: the timer and its due time, so adding it twice adds one job. */
const timerJobId = (id: string, at: number) => `timer-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${at}`;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let handle: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(handle));
}

/**
 * The job queue on BullMQ, in the Redis of the state store: a `timers` queue (a delayed job per
 * timer, and a job scheduler that checks the index), and a `slow-work-<platform>` queue per platform.
 */
export function createBullJobs(options: BullJobsOptions): Jobs {
  const { Queue: QueueClass, Worker: WorkerClass } = loadPackage<typeof import('bullmq')>('bullmq');
  const { default: RedisClass } = loadPackage<{ default: typeof Redis }>('ioredis');
  const { log } = options;
  const prefix = `${options.namespace}::jobs`;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 2000;
  const connections: Redis[] = [];
  const connect = (blocking: boolean) => {
    // Workers wait on Redis (a blocking connection retries for ever); adding a job gives up soon.
    const connection = new RedisClass(options.url, { maxRetriesPerRequest: blocking ? null : 2, lazyConnect: false });
    connection.on('error', (error: Error) => log.debug({ err: error.message }, 'job queue connection error'));
    connections.push(connection);
    return connection;
  };
  let shared: Redis | undefined;
  const queues = new Map<string, Queue>();
  const queue = (name: string): Queue => {
    let found = queues.get(name);
    if (!found) {
      found = new QueueClass(name, { connection: (shared ??= connect(false)), prefix });
      found.on('error', (error: Error) => log.warn({ queue: name, err: error.message }, 'job queue error'));
      queues.set(name, found);
    }
    return found;
  };
  const workers: Worker[] = [];
  const work = (name: string, processor: (job: Job) => Promise<unknown>, concurrency: number) => {
    const worker = new WorkerClass(name, processor, { connection: connect(true), prefix, concurrency });
    worker.on('error', (error: Error) => log.warn({ queue: name, err: error.message }, 'job worker error'));
    worker.on('failed', (job: Job | undefined, error: Error) => log.warn({ queue: name, attempt: job?.attemptsMade, err: error.message }, 'job failed'));
    workers.push(worker);
  };

  async function reconcile(due: () => Promise<{ id: string; at: number }[]>): Promise<void> {
    const timers = queue(TIMERS);
    for (const timer of await due()) {
      const jobId = timerJobId(timer.id, timer.at);
      const job = await timers.getJob(jobId);
      // A due timer with no job gets one; one whose job still waits (a clock ahead of another) goes now.
      if (!job) await timers.add('fire', timer, { jobId, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: { age: 3600 } });
      else if (await job.isDelayed()) await job.promote().catch(() => undefined);
    }
  }

  const jobs: Jobs = {
    async addTimers(timers, now) {
      if (timers.length === 0) return;
      await within(
        queue(TIMERS).addBulk(
          timers.map((timer) => ({
            name: 'fire',
            data: { id: timer.id, at: timer.at },
            opts: { jobId: timerJobId(timer.id, timer.at), delay: Math.max(0, timer.at - now), attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: { age: 3600 } },
          })),
        ),
        ADD_WITHIN_MS,
      );
    },
    async addSlowWork(platform, id, input) {
      await within(
        queue(slowWorkQueue(platform)).add('run', input, { jobId: id, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: true }),
        ADD_WITHIN_MS,
      );
    },
    takeTimers({ fire, due }) {
      work(
        TIMERS,
        async (job) => {
          if (job.name === 'reconcile') return reconcile(due);
          const { id, at } = job.data as { id: string; at: number };
          return fire(id, at);
        },
        4,
      );
      // One scheduler for the fleet: upserting it again from another process changes nothing.
      void queue(TIMERS)
        .upsertJobScheduler('reconcile', { every: options.reconcileEveryMs ?? 30_000 }, { name: 'reconcile', opts: { removeOnComplete: true, removeOnFail: true } })
        .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'could not set up the timer check'));
    },
    takeSlowWork(platform, run) {
      const name = slowWorkQueue(platform);
      queue(name);
      work(
        name,
        async (job) => {
          const attempt: SlowWorkAttempt = { id: String(job.id), number: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1, progress: (percent) => job.updateProgress(percent) };
          await run(job.data, attempt);
        },
        2,
      );
    },
    async waiting() {
      let count = 0;
      for (const [name, known] of queues) if (name !== TIMERS) count += await known.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');
      return count;
    },
    async stopTaking() {
      const taking = workers.splice(0);
      // A job under way gets a moment to finish; one that does not is left to another process (its lock ends and it is tried again).
      await Promise.all(taking.map((worker) => within(worker.close(), FINISH_WITHIN_MS).catch(() => within(worker.close(true), 1000).catch(() => undefined))));
    },
    async close() {
      await jobs.stopTaking();
      await within(Promise.allSettled([...queues.values()].map((q) => q.close())), FINISH_WITHIN_MS).catch(() => undefined);
      queues.clear();
      for (const connection of connections.splice(0)) connection.disconnect();
    },
  };
  return jobs;
}
