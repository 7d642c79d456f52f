/**
 * A bot process on a real adapter (Slack's Bolt and Web API client, or discord.js) against a
 * platform double, that dies (SIGKILL) after the platform accepted an event's answer and before the
 * process forgot it (the write right after sending), or with CG_KEPT_DIE_AT=keep right after keeping
 * the answer, before sending it (for an event that starts no turn). Prints `{"ready": true}` once connected.
 * CG_KEPT_STORE_URL (Redis, with a namespace), CG_KEPT_DATA_DIR, CG_KEPT_PLATFORM (slack or
 * discord), CG_KEPT_ENV (the adapter's environment, as JSON) and CG_KEPT_EVENT (the event, as JSON;
 * without it, the process waits for the event from the double).
 */
import { createApp } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import { silentLogger } from '../../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../../src/paths';

const app = await createApp({
  community: loadCommunity(EXAMPLE_COMMUNITY),
  log: silentLogger(),
  dataDir: process.env.CG_KEPT_DATA_DIR ?? '',
  storeUrl: process.env.CG_KEPT_STORE_URL ?? '',
  evalDbUrl: ':memory:',
});
const env = JSON.parse(process.env.CG_KEPT_ENV ?? '{}') as NodeJS.ProcessEnv;
if (process.env.CG_KEPT_PLATFORM === 'discord') {
  const { createDiscordAdapter } = await import('../../../adapters/discord/index');
  await createDiscordAdapter({ bot: app.bot, env, log: silentLogger(), print: () => undefined });
} else {
  const { startSlackAdapter } = await import('../../../adapters/slack/index');
  await startSlackAdapter({ bot: app.bot, community: app.bot.deps.community, env, log: silentLogger() }, { clientOptions: { retryConfig: { retries: 0 } } });
}
const die = () => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => undefined);
};
if (process.env.CG_KEPT_DIE_AT === 'keep') {
  // The answer is kept with the event's seen mark: the process dies before sending it.
  const { keep } = app.state.answers;
  app.state.answers.keep = async (answer, ttlMs) => ((await keep(answer, ttlMs)) === 'saved' ? die() : 'duplicate');
} else {
  // The answer has been accepted by the platform: the process dies before it forgets it.
  app.state.answers.sent = die;
}
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
if (process.env.CG_KEPT_EVENT) {
  await app.bot.handle(JSON.parse(process.env.CG_KEPT_EVENT));
  process.stdout.write(`${JSON.stringify({ survived: true })}\n`);
  process.exit(0);
}
// Without CG_KEPT_EVENT, the event comes from the platform double (an interaction); a process never answering it gives up.
setTimeout(() => process.exit(3), 30_000);
