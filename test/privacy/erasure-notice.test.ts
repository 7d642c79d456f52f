import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { privacyErase, PRIVACY_EXIT } from '../../src/privacy/cli';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { EN, OPEN, SPACE, toStories } from '../mediation/mediation-support';
import { createFakeClock, createHarness, DAY, type ChatHarness, type FakeClock } from '../support/harness';

/** What everyone still in the mediation hears when a party steps back (and now when one is erased). */
const ENDED_EN = 'This mediation has ended because one of the participants has chosen to step back. Taking part is always voluntary. The mediator will be in touch about other kinds of support.';
const ENDED_ZH = '由于有一位参与者选择了退出，本次调解已经结束。参加与否完全自愿。调解员会和您联系，看看还能提供哪些帮助。';

const services = inject('services');
const count = (lines: string[], text: string) => lines.filter((line) => line.includes(text)).length;

let harnesses: ChatHarness[] = [];
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const h of harnesses) await h.close();
  for (const cleanup of cleanups) await cleanup();
  harnesses = [];
  cleanups = [];
});

async function open(options: { dataDir: string; clock: FakeClock; storeUrl?: string }): Promise<ChatHarness> {
  const h = await createHarness(options);
  harnesses.push(h);
  return h;
}

/** The clock starts at the real time: the command line erases at the real time, and its notice is due then. */
const clockNow = () => createFakeClock(Date.now());

async function endedOutcomes(h: ChatHarness) {
  return (await h.app.outcomes.query({ types: ['mediation.ended'] })).map((o) => o.data);
}

describe('an administrator erases a mediation party from the command line', () => {
  it('with the bot running: the mediation ends at once with the usual kind message in its space, said once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-erase-notice-'));
    const h = await open({ dataDir, clock: clockNow() });
    await toStories(h, EN);
    await h.app.bot.idle();

    const erased = await privacyErase({ platform: 'local', user: 'maria' }, { DATA_DIR: dataDir });
    expect(erased.code).toBe(PRIVACY_EXIT.ok);
    expect(erased.stdout).toContain('mediations ending (withdrawn): M-1; the bot tells their mediators and the other parties as soon as it runs');

    const told = await h.advance(60_000);
    expect(told).toContain(`${SPACE(EN)} bot: ${ENDED_EN}`);
    expect(told.join('\n')).not.toContain('DM to maria');
    expect(await endedOutcomes(h)).toEqual([expect.objectContaining({ how: 'withdrawn' })]);

    // Said once: later timers and a restart do not say it again.
    await h.advance(DAY);
    await h.restart();
    await h.advance(DAY);
    expect(count(h.lines, ENDED_EN)).toBe(1);
    expect(await endedOutcomes(h)).toHaveLength(1);
    // In its thread the ended mediation says so; elsewhere the mediator has none in progress.
    const there = await h.type('/as li social_worker', '/in t1', '/mediation next');
    expect(there.join('\n')).toContain('This conversation has already ended.');
    const next = await h.type('/in general', '/mediation next');
    expect(next.join('\n')).toContain("You don't have a mediation in progress at the moment");
  }, 60_000);

  it('with no bot running: the next bot to start tells the mediator, in the mediator’s own language, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-erase-notice-'));
    const clock = clockNow();
    const first = await open({ dataDir, clock });
    // Before the private space opens, the mediation speaks to each person by direct message.
    await first.type('/as li social_worker', '/in general', '/language zh-CN', OPEN(EN.title));
    await first.app.bot.idle();
    await first.close();
    harnesses = [];

    const erased = await privacyErase({ platform: 'local', user: 'chen' }, { DATA_DIR: dataDir });
    expect(erased.code).toBe(PRIVACY_EXIT.ok);
    expect(erased.stdout).toContain('mediations ending (withdrawn): M-1');

    const next = await open({ dataDir, clock });
    const told = await next.advance(60_000);
    expect(told).toContain(`[DM to li] bot: ${ENDED_ZH}`);
    expect(told).toContain(`[DM to maria] bot: ${ENDED_EN}`);
    expect(told.join('\n')).not.toContain('DM to chen');
    await next.advance(DAY);
    expect(count(next.lines, ENDED_ZH)).toBe(1);
    expect(await endedOutcomes(next)).toEqual([expect.objectContaining({ how: 'withdrawn' })]);
  }, 60_000);

  describe.skipIf(!services.redis)('on Redis, with two bot processes on the store', () => {
    it('one of them says it, once', async () => {
      const namespace = `cgprivacy${randomBytes(5).toString('hex')}`;
      const storeUrl = `${services.redis as string}/?namespace=${namespace}`;
      cleanups.push(() => deleteNamespace(services.redis as string, namespace));
      const dataDir = mkdtempSync(join(tmpdir(), 'cg-erase-notice-'));
      const clock = clockNow();
      const one = await open({ dataDir, clock, storeUrl });
      await toStories(one, EN);
      await one.app.bot.idle();
      const two = await open({ dataDir: mkdtempSync(join(tmpdir(), 'cg-erase-notice-')), clock, storeUrl });

      const erased = await privacyErase({ platform: 'local', user: 'maria' }, { DATA_DIR: dataDir, STORE_URL: storeUrl });
      expect(erased.code).toBe(PRIVACY_EXIT.ok);
      expect(erased.stdout).toContain('mediations ending (withdrawn): M-1');

      clock.advance(60_000);
      await Promise.all([one.app.bot.fireDue(), two.app.bot.fireDue(), one.app.bot.fireDue(), two.app.bot.fireDue()]);
      await Promise.all([one.app.bot.idle(), two.app.bot.idle()]);
      expect(count([...one.lines, ...two.lines], `${SPACE(EN)} bot: ${ENDED_EN}`)).toBe(1);
      expect(await one.app.state.timers.timers()).toEqual([]);
    }, 60_000);
  });
});
