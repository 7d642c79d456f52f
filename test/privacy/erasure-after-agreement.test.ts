import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { privacyErase, PRIVACY_EXIT } from '../../src/privacy/cli';
import { EN, THREAD, toProposal, toStories } from '../mediation/mediation-support';
import { createFakeClock, createHarness, DAY, type ChatHarness } from '../support/harness';

/** What a party's stepping back says; after an agreement, an erasure must not say it. */
const STEP_BACK_EN = 'one of the participants has chosen to step back';
const STEP_BACK_ZH = '有一位参与者选择了退出';
const KEPT_EN = '(Only you can see this) At the request of one participant in mediation M-1, their data has been erased. The agreement stands and still counts as reached; from now on, check-in questions go only to the other participants.';
const KEPT_ZH = '（仅您可见）应调解 M-1 中一位参与者的要求，其个人资料已被删除。协议依然有效，仍记为已达成；此后的回访问题只发给其他参与者。';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const text = (lines: string[]) => lines.join('\n');

/** A day some weeks after the harness clock's, as commitments take it (YYYY-MM-DD). */
const later = (harness: ChatHarness, days: number) => new Date(harness.clock.now() + days * DAY).toISOString().slice(0, 10);

/** A mediation taken to its agreement: confirmed by both parties and posted; the follow-up is ahead. */
async function toAgreement(harness: ChatHarness): Promise<void> {
  await toStories(harness, EN);
  await toProposal(harness, EN, [later(harness, 18), later(harness, 28)]);
  await harness.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
}

async function mediationOutcomes(harness: ChatHarness) {
  return (await harness.app.outcomes.query({ types: ['mediation.'] })).map((o) => ({ type: o.type, data: o.data }));
}

describe('a party erased after the agreement, while the follow-up is under way', () => {
  it('with /privacy erase: the agreement stands; the mediator is told in their language, without blame; the other party is still asked', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/language zh-CN');
    await toAgreement(h);
    await h.advance(7 * DAY);
    await h.type('/as maria', '/dm', EN.followUpMaria, '/as chen', '/dm', EN.followUpChen);
    const before = await mediationOutcomes(h);

    const erased = await h.type('/as maria', '/in general', '/privacy erase confirm');
    const told = [...erased, ...(await h.advance(60_000))];
    expect(text(told)).not.toContain(STEP_BACK_EN);
    expect(text(told)).not.toContain(STEP_BACK_ZH);
    expect(told).toContain(`[DM to li] bot: ${KEPT_ZH}`);
    expect(text(told)).not.toContain('[DM to chen]');
    expect(text(told)).toContain('Done. What you wrote and your name have been erased from');

    // The outcome log keeps the agreement and the check-ins already answered; nothing says "withdrawn".
    expect(await mediationOutcomes(h)).toEqual(before);
    // The follow-up goes on with chen, and the mediation closes with its agreement.
    const month = await h.advance(23 * DAY);
    expect(text(month)).toContain('[DM to chen] bot: Hello. It has been 30 days since your agreement.');
    expect(text(month)).not.toContain('erased-');
    expect(text(month)).not.toContain('[DM to maria]');
    await h.type('/as chen', '/dm', EN.followUpMaria);
    const ended = (await h.app.outcomes.query({ types: ['mediation.ended'] })).map((o) => o.data.how);
    expect(ended).toEqual(['agreement']);
  }, 60_000);

  it('from the command line: it says the mediation goes on, and the running bot tells the mediator once, in English', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-erase-agreed-'));
    h = await createHarness({ dataDir, clock: createFakeClock(Date.now()) });
    await toAgreement(h);
    await h.app.bot.idle();

    const erased = await privacyErase({ platform: 'local', user: 'chen' }, { DATA_DIR: dataDir });
    expect(erased.code).toBe(PRIVACY_EXIT.ok);
    expect(erased.stdout).not.toContain('mediations ending (withdrawn)');
    expect(erased.stdout).toContain('mediations past their agreement, which stands: M-1; the bot tells their mediators as soon as it runs');

    const told = await h.advance(60_000);
    expect(told).toContain(`[DM to li] bot: ${KEPT_EN}`);
    expect(text(told)).not.toContain(STEP_BACK_EN);
    expect(text(told)).not.toContain('[DM to maria]');
    await h.advance(DAY);
    expect(h.lines.filter((line) => line.includes(KEPT_EN))).toHaveLength(1);
    expect(await h.app.outcomes.query({ types: ['mediation.ended'] })).toEqual([]);
    // maria is still asked about the commitments; the one chen took on names nobody.
    const week = await h.advance(6 * DAY);
    expect(text(week)).toContain('[DM to maria] bot: Hello. It has been 7 days since your agreement.');
    expect(text(week)).toContain('1. [⊘]: Music off by 10pm on weekdays');
    expect(text(week)).not.toContain('erased-');
    expect(text(week)).not.toContain('[DM to chen]');
  }, 60_000);
});

describe('a party erased at the last check-in, after the other has answered', () => {
  it('closes the mediation with its agreement, as when everyone has answered', async () => {
    h = await createHarness();
    await toAgreement(h);
    await h.advance(7 * DAY);
    await h.type('/as maria', '/dm', EN.followUpMaria, '/as chen', '/dm', EN.followUpChen);
    await h.advance(23 * DAY);
    await h.type('/as maria', '/dm', EN.followUpMaria);

    const told = [...(await h.type('/as chen', '/in general', '/privacy erase confirm')), ...(await h.advance(60_000))];
    expect(text(told)).not.toContain(STEP_BACK_EN);
    expect(text(told)).toContain('bot: The check-ins for this agreement are complete, and this mediation is now closed. Thank you all for taking part.');
    expect((await h.app.outcomes.query({ types: ['mediation.ended'] })).map((o) => o.data.how)).toEqual(['agreement']);
  }, 60_000);
});

describe('a party erased after the mediation has closed with its agreement', () => {
  it('changes nothing anyone sees, and the outcome log keeps the agreement, the check-ins and how it ended', async () => {
    h = await createHarness();
    await toAgreement(h);
    await h.advance(7 * DAY);
    await h.type('/as maria', '/dm', EN.followUpMaria, '/as chen', '/dm', EN.followUpChen);
    await h.advance(23 * DAY);
    await h.type('/as maria', '/dm', EN.followUpMaria, '/as chen', '/dm', EN.followUpMaria);
    const before = await mediationOutcomes(h);
    expect(before.at(-1)).toEqual({ type: 'mediation.ended', data: { mediation: 'M-1', how: 'agreement' } });

    const told = [...(await h.type('/as maria', '/in general', '/privacy erase confirm')), ...(await h.advance(60_000))];
    expect(text(told)).not.toContain(STEP_BACK_EN);
    expect(text(told)).not.toContain('[DM to li]');
    expect(text(told)).not.toContain(`(${THREAD})] bot:`);
    expect(await mediationOutcomes(h)).toEqual(before);
  }, 60_000);
});
