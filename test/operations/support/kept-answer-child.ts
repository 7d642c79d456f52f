/**
 * A bot process that dies (SIGKILL) right after it has written an event's answer to the store and
 * before it sends it. Each answer it performs is reported on stdout as `{"reply": eventId}`.
 * CG_KEPT_STORE_URL (empty: SQLite in CG_KEPT_DATA_DIR) and CG_KEPT_EVENT (the event, as JSON).
 */
import { createApp } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import { silentLogger } from '../../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../../src/paths';

const app = await createApp({
  community: loadCommunity(EXAMPLE_COMMUNITY),
  log: silentLogger(),
  dataDir: process.env.CG_KEPT_DATA_DIR ?? '',
  ...(process.env.CG_KEPT_STORE_URL ? { storeUrl: process.env.CG_KEPT_STORE_URL } : {}),
  evalDbUrl: ':memory:',
});
app.bot.attach('slack', {
  async perform(action) {
    process.stdout.write(`${JSON.stringify({ reply: (action as { replyTo?: string }).replyTo ?? null })}\n`);
    return { kind: 'sent', messageRef: 'm1' };
  },
});
const die = () => process.kill(process.pid, 'SIGKILL');
// Whichever write keeps the answer (with the event's seen mark, or with the turn the event starts) is the last thing it does.
const { keep } = app.state.answers;
app.state.answers.keep = async (answer, ttlMs) => {
  const result = await keep(answer, ttlMs);
  if (result === 'saved') die();
  return result;
};
const commitTurn = app.state.commitTurn;
app.state.commitTurn = async (turn) => {
  const result = await commitTurn(turn);
  if (result === 'saved' && turn.answer) die();
  return result;
};
await app.bot.handle(JSON.parse(process.env.CG_KEPT_EVENT ?? '{}'));
process.stdout.write(`${JSON.stringify({ survived: true })}\n`);
await app.close();
