import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliHere } from '../support/cli';
import { createHarness, DAY, type ChatHarness } from '../support/harness';
import { stopAfterTheNextSave } from '../support/stop-after-save';

let h: ChatHarness | undefined;
afterEach(async () => h?.close());


const NOTICE = '[#housing-office] bot: New report FB-0001 (Repairs, soon).';
const THANKS = "[#general] bot (only maria can see this): Thank you. Your report FB-0001 has gone to the housing office, who usually reply within 2 days. We'll tell you by direct message when anything changes.";
const UPDATE = '[DM to maria] bot: An update on your report FB-0001: the housing office has seen it and is looking into it. We\'ll tell you when anything changes.';

describe("a turn's messages to other places, when the process stopped after saving the turn and before sending them", () => {
  it('reach the responsible party and the resident after the restart, once each', async () => {
    h = await createHarness();
    await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4, east stairs', '2', 'no');
    stopAfterTheNextSave(h);
    const cut = await h.type('yes');
    expect(cut.join('\n')).not.toContain(NOTICE);
    await h.restart();

    const from = h.lines.length;
    expect(await h.app.bot.sendKeptAnswers()).toBe(1);
    expect(await h.app.bot.sendKeptAnswers()).toBe(0);
    const after = h.lines.slice(from);
    // The report's notice to the party, with its buttons, and the resident's answer: each once.
    expect(after.filter((line) => line.startsWith(NOTICE))).toHaveLength(1);
    expect(after.filter((line) => line === THANKS)).toHaveLength(1);

    // The party acknowledges; the process stops again before telling the resident.
    await h.type('/as jo housing', '/in housing-office');
    stopAfterTheNextSave(h);
    await h.type('1');
    expect(h.lines).not.toContain(UPDATE);
    await h.restart();
    expect(await h.app.bot.sendKeptAnswers()).toBe(1);
    expect(h.lines.filter((line) => line === UPDATE)).toHaveLength(1);
  });

  it("reach the channel when the turn was a timer's: a poll's results are posted once after the restart", async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/poll "Which evening suits you?" "Tuesday" "Thursday" --closes 2d', '/as maria', '2');
    stopAfterTheNextSave(h);
    const cut = await h.advance(2 * DAY).catch(() => [] as string[]);
    expect(cut.join('\n')).not.toContain('has closed');
    await h.restart();
    // The timer fired once: starting again does not fire it a second time.
    expect(await h.advance(DAY)).toEqual([]);
    const from = h.lines.length;
    expect(await h.app.bot.sendKeptAnswers()).toBe(1);
    expect(await h.app.bot.sendKeptAnswers()).toBe(0);
    const posted = h.lines.slice(from).filter((line) => line.startsWith('[#general] bot: Quick poll P-0001 has closed: Which evening suits you?'));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('2. Thursday: 1 (100%)');
  });

  it('reach their place as soon as the local chat starts again on the same data folder', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-turn-'));
    h = await createHarness({ dataDir });
    await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4, east stairs', '2', 'no');
    stopAfterTheNextSave(h);
    await h.type('yes');
    await h.close();
    h = undefined;
    const again = await runCliHere(['chat'], { stdin: '/quit\n', env: { DATA_DIR: dataDir } });
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter((line) => line === NOTICE)).toHaveLength(1);
    const third = await runCliHere(['chat'], { stdin: '/quit\n', env: { DATA_DIR: dataDir } });
    expect(third.stdout).not.toContain(NOTICE);
  });

  it('are not shown twice by the local chat when it had shown them before the process stopped', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-turn-'));
    h = await createHarness({ dataDir });
    await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4, east stairs', '2', 'no');
    // The process stops after showing the turn's messages and before forgetting them: they stay kept.
    h.app.state.answers.sent = async () => undefined;
    const shown = await h.type('yes');
    expect(shown.filter((line) => line.startsWith(NOTICE))).toHaveLength(1);
    expect(await h.app.state.answers.pending()).toHaveLength(1);
    await h.close();
    h = undefined;
    // Started again, the bot sends them again, not knowing they went out; the chat knows it showed them.
    const again = await runCliHere(['chat'], { stdin: '/quit\n', env: { DATA_DIR: dataDir } });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain(NOTICE);
    expect(again.stdout).not.toContain(THANKS);
    // And they are forgotten now: the next start has nothing to send.
    h = await createHarness({ dataDir });
    expect(await h.app.state.answers.pending()).toEqual([]);
  });

  it('give a "me too" chosen while starting a report to that report, once, when the process stopped before handing it on', async () => {
    h = await createHarness();
    await h.type('/as maria', '/in general', '/feedback repairs', 'The stairwell light in building 4 is broken', '-', '2', 'no', 'yes');
    await h.type('/as ana', '/feedback', '1');
    stopAfterTheNextSave(h);
    await h.type('1');
    await h.restart();
    expect(await h.app.outcomes.count({ types: ['feedback.me_too'] })).toBe(0);

    const from = h.lines.length;
    expect(await h.app.bot.sendKeptAnswers()).toBe(1);
    expect(await h.app.bot.sendKeptAnswers()).toBe(0);
    const after = h.lines.slice(from);
    expect(after.filter((line) => line === '[#housing-office] bot: One more resident has the same concern as FB-0001 (1 in all).')).toHaveLength(1);
    expect(after.filter((line) => line.startsWith("[#general] bot (only ana can see this): Thank you. You're now following FB-0001"))).toHaveLength(1);
    expect(await h.app.outcomes.count({ types: ['feedback.me_too'] })).toBe(1);
    const list = await h.type('/as ben', '/feedback list');
    expect(list.join('\n')).toContain('FB-0001 · Repairs · waiting to be acknowledged · less than an hour · 1 me too');
  });
});
