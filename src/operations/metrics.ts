import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BotObserver } from '../core/observer';

/** Seconds: Discord and Slack want an answer within 3. */
const FIRST_RESPONSE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

export interface BotMetrics {
  /** Feeds the metrics; give it to the bot. */
  readonly observer: BotObserver;
  readonly registry: Registry;
  /** The metrics in Prometheus's text format, and its content type. */
  scrape(): Promise<{ body: string; contentType: string }>;
}

/**
 * Prometheus metrics of one bot process, in a registry of its own: events handled by platform and
 * kind, time to first response, jobs waiting (slow work, in the fleet when it runs on the job queue,
 * and, when given, due timers), failures.
 */
export function createBotMetrics(options: { dueTimers?: () => Promise<number>; slowWork?: () => Promise<number | undefined> } = {}): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'commonground_process_' });
  const events = new Counter({
    name: 'commonground_events_total',
    help: 'Inbound events dealt with, by platform, kind and outcome (handled, duplicate, failed).',
    labelNames: ['platform', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const firstResponse = new Histogram({
    name: 'commonground_first_response_seconds',
    help: 'Time from receiving an event to performing the first action that answers it.',
    labelNames: ['platform', 'kind'] as const,
    buckets: FIRST_RESPONSE_BUCKETS,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'commonground_failures_total',
    help: 'Failures: events that failed, actions a platform refused, timers that failed.',
    labelNames: ['platform', 'where'] as const,
    registers: [registry],
  });
  let slowWork = 0;
  const dueTimers = options.dueTimers;
  new Gauge({
    name: 'commonground_jobs_waiting',
    help: 'Work waiting or under way: slow work (summaries, reports, model calls) and timers due but not yet fired.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      // On the fleet's job queue, the fleet's slow work; otherwise this process's.
      const queued = options.slowWork ? await options.slowWork().catch(() => undefined) : undefined;
      this.set({ queue: 'slow_work' }, queued ?? slowWork);
      if (dueTimers) this.set({ queue: 'timers' }, await dueTimers().catch(() => 0));
    },
  });
  const observer: BotObserver = {
    eventHandled({ platform, kind, outcome }) {
      events.inc({ platform, kind, outcome });
      if (outcome === 'failed') failures.inc({ platform, where: 'event' });
    },
    firstResponse: ({ platform, kind, seconds }) => firstResponse.observe({ platform, kind }, seconds),
    failure: ({ platform, where }) => failures.inc({ platform, where }),
    slowWork(change) {
      slowWork = Math.max(0, slowWork + change);
    },
  };
  return {
    observer,
    registry,
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
