import type { App } from '../app';
import type { Logger } from '../core/log';
import { createOutcomeDelivery } from '../evaluation/outbox-delivery';

/**
 * Outcomes kept in the state store's outbox while the outcome store did not answer are appended
 * once it answers again, every `intervalMs`, without waiting for a restart. Appends ignore ids
 * already there, so several processes sweeping at once count each outcome once.
 */
export function startOutboxSweep(app: Pick<App, 'state' | 'outcomes'>, log: Logger, intervalMs = 60_000): () => Promise<void> {
  const delivery = createOutcomeDelivery(app.state, app.outcomes, log);
  let running: Promise<unknown> = Promise.resolve();
  const handle = setInterval(() => {
    running = running.then(() => delivery.flush()).catch(() => undefined);
  }, intervalMs);
  handle.unref();
  return async () => {
    clearInterval(handle);
    await running;
  };
}
