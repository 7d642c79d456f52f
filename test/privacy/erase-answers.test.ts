import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/privacy erase answers', () => {
  it('says a second erasure finds the data already erased', async () => {
    h = await createHarness();
    await h.type('/as maria', '/in general', '/feedback', '1', 'The gate to the playground does not close', 'Playground gate', '2', 'no', 'yes');
    expect((await h.type('/privacy erase confirm')).join('\n')).toContain('erased from 1 conversation,');
    expect((await h.type('/privacy erase confirm')).join('\n')).toContain('bot (updated, only maria can see this): Your data was already erased. Nothing kept here leads back to you.');
  });

  it('does not speak of "0 conversations" to someone who was in none', async () => {
    h = await createHarness();
    await h.type('/as ko coordinator', '/in general', '/report riverside-renewal');
    await h.app.bot.idle();
    const erased = (await h.type('/privacy erase confirm')).join('\n');
    expect(erased).not.toContain('0 conversations');
    expect(erased).toContain("bot (updated, only ko can see this): Done. You were in no conversation here; what was recorded about you has been erased");
  });

  it('says it in the reader\'s language', async () => {
    h = await createHarness();
    await h.type('/as ko coordinator', '/in general', '/language zh-CN', '/report riverside-renewal');
    await h.app.bot.idle();
    const erased = (await h.type('/privacy erase confirm')).join('\n');
    expect(erased).toContain('bot (updated, only ko can see this): 已完成。您没有参与这里的任何对话');
    expect(erased).not.toContain('0 个对话');
  });
});
