import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

/** A dialogue on the bike shed in its statements phase, with ann's statement on bo's card. */
async function statementOnCard(boLanguage?: string): Promise<void> {
  h = await createHarness();
  await h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1');
  for (const who of ['ann', 'bo']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
  if (boLanguage) await h.type('/as bo', `/language ${boLanguage}`);
  await h.type('/as li social_worker', '/in t1', '/dialogue next', '/dialogue next');
  await h.type('/as ann', '+ A covered bike shed by the gate');
}


describe('a vote word written by direct message instead of pressing a button', () => {
  it('counts as the vote on the statement shown, and starts no report', async () => {
    await statementOnCard();
    expect((await h.type('/as bo', '/dm', 'Agree')).slice(2)).toEqual([
      'bo@dm> Agree',
      "[DM to bo] bot: (Only you can see this) Thank you, your vote on statement 1 is noted: Agree. You've seen every statement for now; new ones will come to you as they're written.",
    ]);
    // Another message is still a report, as any direct message is.
    expect((await h.type('The bins behind building 2 are full')).at(-2)).toBe('[DM to bo] bot: Thank you for taking the time to tell us. What is it about?');
    await h.type('/as li social_worker', '/in t1', '/dialogue close');
    const closed = (await h.app.outcomes.query({ types: ['dialogue.closed'] }))[0]?.data;
    expect(closed).toMatchObject({ votes: 1 });
  });

  it('in Chinese, and with the next statement waiting, shows that one next', async () => {
    await statementOnCard('zh-CN');
    await h.type('/as ann', '+ Racks inside building 2');
    const out = await h.type('/as bo', '/dm', '不同意。');
    expect(out.slice(2)).toEqual([
      'bo@dm> 不同意。',
      '[DM to bo] bot: （仅您可见）谢谢，已记下您对第 1 条观点的投票：不同意。',
      expect.stringContaining('[DM to bo] bot: 关于“Bike shed”的协商，第 2 条观点（共 2 条）：'),
      '    [1] 同意  [2] 不同意  [3] 跳过',
    ]);
    expect((await h.type('跳过')).at(1)).toBe('[DM to bo] bot: （仅您可见）谢谢，已记下您对第 2 条观点的投票：跳过。目前的观点您都看过了，有新观点时会再发给您。');
  });

  it('is a report as before when no statement is open to vote on', async () => {
    await statementOnCard();
    await h.type('/as li social_worker', '/in t1', '/dialogue next');
    const out = await h.type('/as bo', '/dm', 'agree');
    expect(out.at(-2)).toBe('[DM to bo] bot: Thank you for taking the time to tell us. What is it about?');
  });
});
