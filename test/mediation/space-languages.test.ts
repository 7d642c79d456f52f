import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { EN, SPACE, THREAD, OPEN } from './mediation-support';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const text = (lines: string[]) => lines.join('\n');

/** A mediation opened from an English channel, where maria reads Chinese and chen English. */
async function withMariaInChinese(): Promise<ChatHarness> {
  const harness = await createHarness();
  await harness.type('/as maria', '/language zh-CN');
  return harness;
}

describe('the shared space of a mediation whose parties read different languages', () => {
  it('asks for consent to the ground rules in the channel’s language and in maria’s, buttons included', async () => {
    h = await withMariaInChinese();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    await h.type('/as maria', '/dm', '是', '/as chen', '/dm', 'yes');
    await h.type('/as maria', '/dm', '音乐很吵', '我需要睡好', '十点以后安静');
    const rules = text(await h.type('/as chen', '/dm', ...EN.intake.chen));
    expect(rules).toMatch(new RegExp(`${SPACE(EN).replace(/[[\]()›]/g, '\\$&')} bot: [^\\n]*ground rules[\\s\\S]*Please answer yes or no\\.\\n {4}\\n {4}[^\\n]*约定[\\s\\S]*\\n {4}\\[1\\] Yes / 是 {2}\\[2\\] No / 否`));
    // maria answers in her language, and the mediation goes on.
    const on = text(await h.type('/as maria', `/in ${THREAD}`, '1', '/as chen', `/in ${THREAD}`, 'yes'));
    expect(on).toContain("It's maria's turn");
    expect(on).toContain('现在请 maria 讲一讲自己的经历和感受');
  });

  it('tells maria in Chinese too when the mediation ends because chen steps back', async () => {
    h = await withMariaInChinese();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    await h.type('/as maria', '/dm', '是', '/as chen', '/dm', 'yes');
    await h.type('/as maria', '/dm', '音乐很吵', '我需要睡好', '十点以后安静', '/as chen', '/dm', ...EN.intake.chen);
    const ended = text(await h.type('/as chen', `/in ${THREAD}`, '/mediation withdraw'));
    expect(ended).toContain('This mediation has ended because one of the participants has chosen to step back.');
    expect(ended).toContain('由于有一位参与者选择了退出，本次调解已经结束。');
  });

  it('writes a space once when everyone reads its language, and a party’s post once whatever they read', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
    const rules = text(await h.type('/as maria', '/dm', ...EN.intake.maria, '/as chen', '/dm', ...EN.intake.chen));
    expect(rules).toContain('    [1] Yes  [2] No');
    expect(rules).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
