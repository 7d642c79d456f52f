import { afterEach, describe, expect, it } from 'vitest';
import { runsOfFlowKey } from '../../src/core/indexes';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

/** Maria files a repairs report; it is then offered to others who report about repairs. */
async function fileReport() {
  await h.type('/as maria', '/in general', '/feedback repairs', 'The stairwell light in building 4 is broken', '-', '2', 'no', 'yes');
}

describe('"Me too" chosen among the similar reports while starting a report', () => {
  it('adds the voice, closes the report begun, and the next message is not taken as a new report', async () => {
    h = await createHarness();
    await fileReport();
    await h.type('/as ana', '/feedback', '1');
    expect(await h.type('1')).toEqual([
      'ana@#general> 1',
      "[#general] bot (only ana can see this): Since FB-0001 is about the same thing, the new report you started here has been closed and not sent.",
      "[#general] bot (only ana can see this): Thank you. You're now following FB-0001: your voice has been added to it, and the housing office has been told. We'll tell you when it has been dealt with. You don't need to file a new report.",
      '[#housing-office] bot: One more resident has the same concern as FB-0001 (1 in all).',
    ]);
    // A retry of the same click by the platform changes nothing.
    const retried = await h.type('/again');
    expect(retried).toHaveLength(2);
    expect(retried[1]).toMatch(/^\(local chat\) Sent again/);
    // A second click on it finds the report she started already closed.
    expect(await h.type('1')).toEqual(['ana@#general> 1', '[#general] bot (only ana can see this): This conversation has already ended. Thank you for taking part.']);
    // Nothing waits for ana here any more: what she writes next is not a report's description.
    expect(await h.type('The bins behind building 2 are full')).toEqual(['ana@#general> The bins behind building 2 are full']);
    expect(await h.app.outcomes.count({ types: ['feedback.me_too'] })).toBe(1);
    expect(await h.app.outcomes.count({ types: ['feedback.filed'] })).toBe(1);
    const list = await h.type('/as ben', '/feedback list');
    expect(list.join('\n')).toContain('FB-0001 · Repairs · waiting to be acknowledged · less than an hour · 1 me too');
    expect(list.join('\n')).not.toContain('FB-0002');
    // When the report is dealt with, ana hears of it.
    const resolved = await h.type('/as jo housing', '/in housing-office', '3', 'Replaced the bulb.');
    expect(resolved).toContain('[DM to ana] bot: An update on FB-0001, which you added your voice to: the housing office says it has been dealt with. What they did: Replaced the bulb.');
  });

  it('in Chinese, by direct message: the report begun there is closed, and the next direct message is a fresh one', async () => {
    h = await createHarness();
    await fileReport();
    await h.type('/as ana', '/language zh-CN', '/dm', '楼道的灯不亮', '1');
    expect(await h.type('1')).toEqual([
      'ana@dm> 1',
      '[DM to ana] bot: （仅您可见）FB-0001 说的是同一件事，所以您刚才开始填写的新反馈已经关闭，没有提交。',
      '[DM to ana] bot: （仅您可见）谢谢。您已为 FB-0001 “+1”并开始关注它，我们也告诉了住房办公室。处理好以后我们会通知您。您不用再重新提交。',
      '[#housing-office] bot: One more resident has the same concern as FB-0001 (1 in all).',
    ]);
    const retried = await h.type('/again');
    expect(retried).toHaveLength(2);
    // A new direct message starts afresh, as any direct message does: from the beginning, with what was written.
    expect(await h.type('垃圾桶满了')).toEqual([
      'ana@dm> 垃圾桶满了',
      '[DM to ana] bot: 谢谢您抽空告诉我们。请问是关于哪方面的？',
      '    [1] 维修  [2] 环境卫生  [3] 安全  [4] 邻里事务',
    ]);
    expect(await h.app.outcomes.count({ types: ['feedback.me_too'] })).toBe(1);
    expect(await h.app.outcomes.count({ types: ['feedback.filed'] })).toBe(1);
  });
});

describe('the similar reports offered while starting a report', () => {
  it('leave out the resident\'s own reports: nobody is asked to say "me too" to themselves', async () => {
    h = await createHarness();
    await fileReport();
    const again = await h.type('/feedback repairs');
    expect(again.join('\n')).not.toContain('FB-0001');
    // Someone else is still offered it.
    const other = await h.type('/as ana', '/feedback repairs');
    expect(other.join('\n')).toContain('FB-0001');
  });

  it('are read from the filed reports only: reports begun and left unfinished are not in the list the offer reads', async () => {
    h = await createHarness();
    // Three residents begin a report and go no further; then maria files one.
    await h.type('/as ben', '/feedback repairs', '/as chen', '/feedback repairs', '/as dee', '/feedback');
    const unfinished = await h.app.state.members(runsOfFlowKey('feedback'));
    expect(unfinished).toEqual([]);
    await fileReport();
    const listed = await h.app.state.members(runsOfFlowKey('feedback'));
    expect(listed).toHaveLength(1);
    // The unfinished ones took FB-0001 to FB-0003; maria's is FB-0004, and it alone is offered and listed.
    const offered = (await h.type('/as ana', '/feedback repairs')).join('\n');
    expect(offered).toContain('FB-0004');
    expect(offered).not.toMatch(/FB-000[123]/);
    const list = (await h.type('/feedback list')).join('\n');
    expect(list).toContain('FB-0004');
    expect(list).not.toMatch(/FB-000[123]/);
  });
});
