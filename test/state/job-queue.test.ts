import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import type { Action } from '../../src/core/actions';
import type { CommandSpec } from '../../src/core/commands';
import { silentLogger } from '../../src/core/log';
import { features, type Feature } from '../../src/features';
import { createBotMetrics } from '../../src/operations/metrics';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { openLocalChat } from '../../adapters/local/local-chat';
import { storedChatMemory } from '../../adapters/local/memory';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';
import { createFakeClock, HOUR, type FakeClock } from '../support/harness';

const redis = inject('services').redis;
const community = loadCommunity(EXAMPLE_COMMUNITY);

/** A slow command whose work fails the first time it runs (in whichever process), then succeeds. */
let flakyRuns = 0;
const flakyFeature: Feature = {
  commands: [
    {
      name: 'flaky',
      roles: ['resident'],
      description: 'demo.title',
      slow: true,
      async run(ctx) {
        await ctx.slow(async () => {
          flakyRuns += 1;
          if (flakyRuns === 1) throw new Error('the model did not answer');
          return { text: 'Done on the second try.' };
        });
      },
    } satisfies CommandSpec,
  ],
  functions: {},
};

interface Member {
  app: App;
  /** What this process performed on the platform, in order. */
  sent: Action[];
  /** Stops taking jobs and closes the process's stores, as a stopped process does. */
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A fleet on one Redis namespace of its own: each member a bot process with its own locks and caches. */
function fleet(clock: FakeClock) {
  const namespace = `cg-bullmq-${randomBytes(4).toString('hex')}`;
  const storeUrl = `${redis ?? ''}?namespace=${namespace}`;
  cleanups.push(() => deleteNamespace(redis ?? '', namespace));
  return async function member(name: string, options: { jobQueue: boolean; takesJobs: boolean }): Promise<Member> {
    const app = await createApp({
      community,
      log: silentLogger(),
      dataDir: mkdtempSync(join(tmpdir(), 'cg-bullmq-')),
      storeUrl,
      evalDbUrl: ':memory:',
      clock,
      features: [...features, demoFeature, flakyFeature],
      extraPromptsDir: DEMO_PROMPTS,
      ...(options.jobQueue ? { jobQueue: { reconcileEveryMs: 150, backoffMs: 50 } } : {}),
    });
    const sent: Action[] = [];
    let count = 0;
    const record = async (action: Action) => {
      sent.push(action);
      return action.kind === 'send' ? { kind: 'sent' as const, messageRef: `${name}-${(count += 1)}` } : { kind: 'done' as const };
    };
    app.bot.attach('slack', { perform: record });
    app.bot.attach('local', { perform: record });
    const stopTaking = options.takesJobs ? app.bot.startTimers() : async () => undefined;
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await stopTaking();
      await app.close();
    };
    cleanups.push(stop);
    return { app, sent, stop };
  };
}

/** Waits for something the fleet does in the background (a job), checking every 50 ms. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`still waiting for ${what}`);
}

/** Lets a few periods of the fleet's timer check pass, so that a second firing would have happened. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

const texts = (members: Member[]) => members.flatMap((m) => m.sent.map((a) => (a.kind === 'send' || a.kind === 'edit' ? a.text : '')));
const NUDGE = 'A gentle reminder that we are still here.';

/** Maria starts the demo script in the local chat of one process and answers up to its two-hour timer. */
async function scheduleNudge(app: App): Promise<void> {
  const chat = await openLocalChat({ bot: app.bot, write: () => undefined, echo: false, memory: storedChatMemory(app.state) });
  for (const line of ['/as maria', '/demo', 'Maria', '1', '3', 'yes', 'Park gate', '-']) await chat.input(line);
  expect((await app.state.timers.timers()).map((t) => t.name)).toEqual(['nudge']);
}

const command = (name: string, args: string[], eventId: string, roles: string[] = []) => ({
  kind: 'command',
  name,
  args,
  eventId,
  ref: { platform: 'slack', space: 'T1', channel: 'C1' },
  user: { id: 'U-wang', name: 'Wang', platformRoles: roles },
});

describe.skipIf(!redis)('timers and slow work on the fleet job queue (BullMQ on the shared Redis)', () => {
  it('a timer fires once in the fleet, also when the process that set it stopped before it was due', async () => {
    const clock = createFakeClock();
    const member = fleet(clock);
    const setter = await member('a', { jobQueue: true, takesJobs: true });
    const others = [await member('b', { jobQueue: true, takesJobs: true }), await member('c', { jobQueue: true, takesJobs: true })];
    await scheduleNudge(setter.app);
    await setter.stop();
    clock.advance(2 * HOUR + 60_000);
    await until(() => texts(others).includes(NUDGE), 'the nudge');
    await until(async () => (await others[0]!.app.state.timers.timers()).length === 0, 'the timer to leave the index');
    await settle();
    expect(texts(others).filter((t) => t === NUDGE)).toHaveLength(1);
    expect(texts([setter])).not.toContain(NUDGE);
  });

  it('a timer whose job was never added (the process died between saving the turn and adding it) fires once', async () => {
    const clock = createFakeClock();
    const member = fleet(clock);
    // A process without the queue saves the timer with its turn and adds no job: as if it died right after the save.
    const crashed = await member('a', { jobQueue: false, takesJobs: false });
    await scheduleNudge(crashed.app);
    await crashed.stop();
    const fleetMembers = [await member('b', { jobQueue: true, takesJobs: true }), await member('c', { jobQueue: true, takesJobs: true })];
    clock.advance(2 * HOUR + 60_000);
    await until(() => texts(fleetMembers).includes(NUDGE), 'the nudge');
    await settle();
    expect(texts(fleetMembers).filter((t) => t === NUDGE)).toHaveLength(1);
    expect(await fleetMembers[0]!.app.state.timers.timers()).toEqual([]);
  });

  it('a slow command runs as a job in another process: the person sees "working on it", then that same message becomes the summary', async () => {
    const clock = createFakeClock();
    const member = fleet(clock);
    // The process that receives the command takes no jobs here, so the work is done elsewhere.
    const receiver = await member('a', { jobQueue: true, takesJobs: false });
    const metrics = createBotMetrics({ slowWork: async () => receiver.app.jobs?.waiting() });
    await receiver.app.bot.handle(command('summary', ['feedback'], 'Ev-summary', ['coordinator']));
    const working = receiver.app.catalogue.t('en', 'core.working');
    expect(receiver.sent).toEqual([expect.objectContaining({ kind: 'send', text: working })]);
    // Nothing took the job yet: it waits, and /metrics says so.
    expect((await metrics.scrape()).body).toContain('commonground_jobs_waiting{queue="slow_work"} 1');

    const worker = await member('b', { jobQueue: true, takesJobs: true });
    await until(() => worker.sent.some((a) => a.kind === 'edit'), 'the summary');
    await settle();
    // The same summary as one process on its own gives, in place of the note.
    const alone = await createApp({ community, log: silentLogger(), dataDir: mkdtempSync(join(tmpdir(), 'cg-bullmq-')), storeUrl: 'memory', evalDbUrl: ':memory:', clock });
    cleanups.push(() => alone.close());
    const aloneSent: Action[] = [];
    alone.bot.attach('slack', { perform: async (action) => (aloneSent.push(action), action.kind === 'send' ? { kind: 'sent', messageRef: 'x' } : { kind: 'done' }) });
    await alone.bot.handle(command('summary', ['feedback'], 'Ev-summary', ['coordinator']));
    const summary = aloneSent.find((a) => a.kind === 'edit');
    expect(summary?.kind === 'edit' && summary.text.length).toBeGreaterThan(0);
    expect(worker.sent).toEqual([expect.objectContaining({ kind: 'edit', messageRef: 'a-1', text: summary?.kind === 'edit' ? summary.text : '' })]);
    expect(receiver.sent).toHaveLength(1);
    expect((await metrics.scrape()).body).toContain('commonground_jobs_waiting{queue="slow_work"} 0');
  });

  it('slow work that fails once is tried again, says so in its note, and its result is posted once', async () => {
    const clock = createFakeClock();
    const member = fleet(clock);
    flakyRuns = 0;
    const [a, b] = [await member('a', { jobQueue: true, takesJobs: true }), await member('b', { jobQueue: true, takesJobs: true })];
    await a.app.bot.handle(command('flaky', [], 'Ev-flaky'));
    await until(() => texts([a, b]).includes('Done on the second try.'), 'the result');
    await settle();
    const working = a.app.catalogue.t('en', 'core.working');
    const again = a.app.catalogue.t('en', 'core.working_again', { attempt: 2, attempts: 3 });
    const edits = [...a.sent, ...b.sent].filter((action) => action.kind === 'edit');
    expect(a.sent[0]).toEqual(expect.objectContaining({ kind: 'send', text: working }));
    expect(edits.map((e) => (e.kind === 'edit' ? [e.messageRef, e.text] : []))).toEqual([
      ['a-1', again],
      ['a-1', 'Done on the second try.'],
    ]);
    expect(texts([a, b])).not.toContain(a.app.catalogue.t('en', 'core.error.unexpected'));
    expect(flakyRuns).toBe(2);
  });
});
