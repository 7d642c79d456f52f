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
  const handle = setInterval(() => {
    running = running
      .then(() => delivery.flush())
      .then(() => catchUp(app, log))
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'could not deliver the kept outcomes'));
  }, intervalMs);
  handle.unref();
  return async () => {
    clearInterval(handle);
    await running;
  };
}

/**
 * Sends what a stopped process saved and did not send (its turns' messages), then opens the threads
 * and private channels runs asked for and did not get (a stopped process, a platform that did not
 * answer). Called when the bot is connected at start, then by the sweep; logs, never throws.
 */
export async function catchUp(app: Pick<App, 'bot'>, log: Logger): Promise<void> {
  const answers = await app.bot.sendKeptAnswers().catch((error: unknown) => (log.error({ err: (error as Error).message }, 'could not send the kept answers'), 0));
  if (answers > 0) log.info({ answers }, 'sent answers a stopped process had kept');
  const spaces = await app.bot.resumeSpaces().catch((error: unknown) => (log.error({ err: (error as Error).message }, 'could not open the spaces runs were waiting for'), 0));
  if (spaces > 0) log.info({ spaces }, 'opened spaces runs were waiting for');
}
