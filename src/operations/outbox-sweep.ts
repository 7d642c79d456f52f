import type { App } from '../app';
import type { Logger } from '../core/log';
import { createOutcomeDelivery } from '../evaluation/outbox-delivery';

/**
 * What the state store keeps until it is delivered, delivered every `intervalMs` without waiting
 * for a restart: outcomes kept while the outcome store did not answer (appends ignore ids already
 * there, so several processes sweeping at once count each outcome once), answers a process
 * kept with their event but stopped before sending (each sent under its conversation's lock, so once),
 * and the spaces runs asked for and did not get.
 */
export function startOutboxSweep(app: Pick<App, 'state' | 'outcomes' | 'bot'>, log: Logger, intervalMs = 60_000): () => Promise<void> {
  const delivery = createOutcomeDelivery(app.state, app.outcomes, log);
  let running: Promise<unknown> = Promise.resolve();
  const sendAnswers = async () => {
    const sent = await app.bot.sendKeptAnswers();
    if (sent > 0) log.info({ answers: sent }, 'sent answers a stopped process had kept');
    // A thread or private channel a run asked for and did not get (a stopped process, a platform that did not answer).
    const spaces = await app.bot.resumeSpaces();
    if (spaces > 0) log.info({ spaces }, 'opened spaces runs were waiting for');
  };
  const handle = setInterval(() => {
    running = running
      .then(() => delivery.flush())
      .then(sendAnswers)
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'could not send the kept answers'));
  }, intervalMs);
  handle.unref();
  return async () => {
    clearInterval(handle);
    await running;
  };
}
