/**
 * The real app (state store, outcome log, scheduler, bot) in a child process, driven by JSON lines
 * on stdin and answering one JSON line per request on stdout. A request may name a write point at
 * which the process kills itself with SIGKILL (`killAt`), so crashes land at chosen places.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { createApp } from '../../../src/app';
import { loadCommunity } from '../../../src/config/load';
import type { InboundEvent } from '../../../src/core/events';
import { silentLogger } from '../../../src/core/log';
import { encodeChoice } from '../../../src/flows/context';
import { EXAMPLE_COMMUNITY } from '../../../src/paths';
import { keys } from '../../../src/state/keys';

export type ChildRequest =
  | { op: 'handle'; event: InboundEvent; killAt?: number; now: number; choiceFor?: { reporter: string; value: string } }
  | { op: 'advance'; now: number; killAt?: number }
  | { op: 'burst'; count: number; prefix: string; now: number }
  | { op: 'close' };

const dataDir = process.env.CG_CHILD_DATA_DIR ?? '';
const storeUrl = process.env.CG_CHILD_STORE_URL;
let now = 0;
const app = await createApp({
  community: loadCommunity(EXAMPLE_COMMUNITY),
  log: silentLogger(),
  dataDir,
  clock: { now: () => now },
  directMessageCommand: 'feedback',
  ...(storeUrl ? { storeUrl } : {}),
});
app.bot.attach('local', { perform: async () => (point(), { kind: 'sent', messageRef: `m${Math.random()}` }) });

let points = 0;
let killAt = 0;
/** A write point: the process dies here when this is the chosen one. */
function point() {
  points += 1;
  if (killAt > 0 && points === killAt) process.kill(process.pid, 'SIGKILL');
}
function wrap<T extends object>(target: T, name: keyof T) {
  const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
    point();
    const result = await original(...args);
    point();
    return result;
  };
}
for (const name of ['commitTurn', 'set', 'delete', 'markSeen', 'next'] as const) wrap(app.state, name);
for (const name of ['schedule', 'cancel', 'removeTimer'] as const) wrap(app.state.timers, name);
wrap(app.state.outbox, 'delivered');
wrap(app.outcomes, 'append');

/** The run of the report this resident filed. */
async function reportOf(reporter: string): Promise<string | undefined> {
  const count = Number(await app.state.keyv.get(keys.counter('feedback'))) || 0;
  for (let n = count; n >= 1; n -= 1) {
    const runId = await app.state.get(keys.record('feedback', `FB-${String(n).padStart(4, '0')}`), z.string());
    const run = runId ? await app.state.getRun(runId) : undefined;
    if (run?.participants.some((p) => p.role === 'reporter' && p.userId === reporter)) return run.id;
  }
  return undefined;
}

const place = (channel: string) => ({ platform: 'local', space: 'local', channel, direct: false });

async function serve(request: ChildRequest): Promise<unknown> {
  switch (request.op) {
    case 'handle': {
      now = request.now;
      killAt = request.killAt ?? 0;
      points = 0;
      const event = { ...request.event };
      if (request.choiceFor && event.kind === 'choice') {
        const runId = await reportOf(request.choiceFor.reporter);
        event.value = encodeChoice(runId ?? 'missing', '*', request.choiceFor.value);
      }
      await app.bot.handle(event);
      await app.bot.idle();
      return { ok: true };
    }
    case 'advance':
      now = request.now;
      killAt = request.killAt ?? 0;
      points = 0;
      await app.bot.fireDue();
      await app.bot.idle();
      return { ok: true };
    case 'burst': {
      now = request.now;
      const users = Array.from({ length: request.count }, (_, i) => `${request.prefix}${i}`);
      await Promise.all(
        users.map((user) => app.bot.handle({ kind: 'command', name: 'feedback', args: [], options: {}, eventId: `burst-${user}`, ref: place('general'), user: { id: user, name: user, platformRoles: [] }, canOpenForm: false })),
      );
      await app.bot.idle();
      return { ok: true };
    }
    case 'close':
      await app.close();
      return { ok: true };
  }
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as ChildRequest;
  process.stdout.write(`${JSON.stringify(await serve(request))}\n`);
  if (request.op === 'close') process.exit(0);
}
