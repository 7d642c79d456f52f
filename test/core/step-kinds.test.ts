import { afterEach, describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
const open = async () => (h = await createHarness({ features: [...features, demoFeature], extraPromptsDir: DEMO_PROMPTS }));
afterEach(async () => h?.close());

describe('every step kind, through the local chat', () => {
  it('say, ask (text, choice, scale, confirm), branch, form step by step, timer, record, call, wait and end', async () => {
    await open();
    expect(await h.type('/as maria', '/demo')).toEqual([
      'guest@#general> /as maria',
      'maria@#general> /demo',
      "[#general] bot (only maria can see this): Hello. Let's try a few questions.",
      '[#general] bot (only maria can see this): What should I call you?',
    ]);
    expect(await h.type('Maria')).toContain('    [1] Red  [2] Blue');
    // A number that is not an option is answered kindly with the options again.
    expect(await h.type('3')).toContain('[#general] bot (only maria can see this): Please choose one of these by typing its number:\n    1. Red\n    2. Blue');
    expect(await h.type('blue')).toContain('    [1] 1  [2] 2  [3] 3  [4] 4  [5] 5');
    expect(await h.type('4')).toContain('[#general] bot (only maria can see this): Maria, shall we go on?');
    expect(await h.type('yes')).toContain('[#general] bot (only maria can see this): Where are you?');
    expect(await h.type('Block 5')).toContain('[#general] bot (only maria can see this): Anything else? (optional: type - to skip)');
    expect(await h.type('-')).toEqual([
      'maria@#general> -',
      '[#general] bot (only maria can see this): Thank you, Maria. Noted: blue, 4, Block 5.',
      '    [1] Finish',
    ]);
    expect(await h.advance(1 * HOUR)).toEqual([]);
    expect(await h.advance(1 * HOUR)).toEqual(['[#general] bot: A gentle reminder that we are still here.']);
    expect(await h.type('1')).toContain('[#general] bot (only maria can see this): Goodbye, thank you for trying.');
    const outcomes = await h.app.outcomes.query({ project: 'riverside-renewal' });
    expect(outcomes.map((o) => o.type)).toEqual(['demo.finished', 'demo.summarised']);
    expect(outcomes[1]?.data).toEqual({ mood: 4 });
    expect(outcomes[1]?.actors[0]).toMatch(/^p_[0-9a-f]{16}$/);
    expect(JSON.stringify(outcomes)).not.toContain('Block 5');
    expect(JSON.stringify(outcomes)).not.toContain('maria');
  });

  it('branches the other way and ends when the answer is no', async () => {
    await open();
    await h.type('/as maria', '/demo', 'Maria', '1', '5');
    expect(await h.type('no')).toContain('[#general] bot (only maria can see this): Goodbye, thank you for trying.');
  });

  it('refuses empty and over-long text with the limit, and keeps waiting', async () => {
    await open();
    await h.type('/as maria', '/demo');
    expect(await h.type('   x'.repeat(6))).toContain("[#general] bot (only maria can see this): That's a little long (21 characters), so nothing was saved: please keep it under 20 characters, or split it into two messages.");
    expect(await h.type('Mei 🌸 美')).toContain('    [1] Red  [2] Blue');
  });

  it('asks privately, opens a private space, takes turns, collects contributions and waits for the host', async () => {
    await open();
    expect(await h.type('/as li social_worker', '/circle maria chen')).toEqual([
      'guest@#general> /as li social_worker',
      'li@#general> /circle maria chen',
      '[DM to maria] bot: Would you like to join the circle?',
      '    [1] Yes  [2] No',
      '[DM to chen] bot: Would you like to join the circle?',
      '    [1] Yes  [2] No',
    ]);
    // Nobody is in the space before everyone answered.
    expect(await h.type('/as maria', '/dm', '1')).toEqual(['guest@#general> /as maria'.replace('guest@#general', 'li@#general'), 'maria@#general> /dm', 'maria@dm> 1']);
    expect(await h.type('/as chen', '/dm', 'yes')).toEqual([
      'maria@dm> /as chen',
      'chen@dm> /dm',
      'chen@dm> yes',
      '[#general] bot opened a private thread "Circle room" for li, maria, chen',
      '    (type /in t1 to go there)',
      "[#general › Circle room (t1)] bot: It's maria's turn.",
    ]);
    expect(await h.type('/in t1', 'Me first')).toContain(
      "[#general › Circle room (t1)] bot (only chen can see this): It's maria's turn to share. I've kept what you wrote, and you'll have your turn next.",
    );
    expect(await h.type('/circle next')).toContain('[#general › Circle room (t1)] bot (only chen can see this): Only the host can use "next" here. If you\'d like it done, you can ask them.');
    expect(await h.type('/as li', '/in t1', '/circle next')).toEqual([
      'chen@#general › Circle room (t1)> /as li',
      '(local chat) You are li again, with the roles you gave before: social_worker. To be li without them, type /as li resident.',
      'li@#general › Circle room (t1)> /in t1',
      'li@#general › Circle room (t1)> /circle next',
      "[#general › Circle room (t1)] bot: It's chen's turn.",
      "[DM to chen] bot: (Only you can see this) It's your turn now. Earlier you wrote something while someone else was sharing; you're welcome to say it again here.",
    ]);
    // Someone whose turn has passed is not promised another one, and what they wrote is not kept.
    expect(await h.type('/as maria', '/in t1', 'One more thing')).toContain(
      "[#general › Circle room (t1)] bot (only maria can see this): It's chen's turn to share, so your message hasn't been added. Your own turn came earlier; if you'd like to add something, you can ask the host once chen has finished.",
    );
    expect(await h.type('/as li', '/in t1', '/circle next')).toContain('[#general › Circle room (t1)] bot: Please share ideas.');
    await h.type('/as maria', '/in t1', 'A rota for the bins');
    expect(await h.type('/as li', '/in t1', '/circle next')).toContain('    [1] Finish');
    // A command of another step, where this one waits for the host's: the host hears which one moves it on.
    expect(await h.type('/circle next')).toContain(
      '[#general › Circle room (t1)] bot (only li can see this): "next" can\'t be used at this point of the conversation, so nothing changed. What you can use here: /circle finish.',
    );
    expect(await h.type('1')).toContain('[#general › Circle room (t1)] bot: The circle has ended.');
    const run = await h.app.state.getRun((await h.app.state.get('space:' + 'local:local:general:t1', (await import('zod')).z.string())) ?? '');
    expect(run?.vars.ideas).toEqual([{ by: 'maria', text: 'A rota for the bins', at: h.clock.now() }]);
    expect(JSON.stringify(run?.vars)).not.toContain('One more thing');
    expect(await h.type('/as maria', '/in t1', 'anything')).toContain(
      '[#general › Circle room (t1)] bot (only maria can see this): This conversation has already ended. Thank you for taking part.',
    );
  });

  it('pauses and resumes; someone outside the run is told kindly', async () => {
    await open();
    await h.type('/as li social_worker', '/circle maria', '/as maria', '/dm', 'yes');
    expect(await h.type('/as li', '/in t1', '/circle pause')).toContain('[#general › Circle room (t1)] bot: This conversation is paused for the moment. Nothing is lost; it will continue from here.'.replace('for the moment. Nothing', 'for now. Nothing'));
    expect(await h.type('/as maria', '/in t1', 'hello')).toContain("[#general › Circle room (t1)] bot (only maria can see this): This conversation is paused for the moment. Your message hasn't been added; you'll be told here when it continues.");
    expect(await h.type('/as li', '/in t1', '/circle resume')).toContain('[#general › Circle room (t1)] bot: We are continuing from where we paused. Thank you for waiting.');
    expect(await h.type('/as bob', '/in t1', 'hi')).toContain("[#general › Circle room (t1)] bot (only bob can see this): This conversation is for its participants. If you'd like to take part, you can ask the person who started it.");
  });
});
