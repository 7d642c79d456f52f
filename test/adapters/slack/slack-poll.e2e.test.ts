import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { pollFeature } from '../../../src/polls/feature';
import { CHANNELS } from '../../doubles/slack/index';
import { createFakeClock } from '../../support/harness';
import { buttonsOf, createSlackPerson } from './slack-flow-steps';
import { channelTexts, startSlackFixture, type SlackFixture } from './slack-fixture';

describe('Slack end to end: a quick poll', () => {
  let f: SlackFixture;
  let person: ReturnType<typeof createSlackPerson>;

  beforeAll(async () => {
    f = await startSlackFixture({ flows: ['poll'], features: [{ commands: coreCommands, functions: builtinFunctions }, pollFeature], clock: createFakeClock() });
    person = createSlackPerson(f);
  });

  afterAll(async () => {
    await f.close();
  });

  it('posts the poll in the channel with a button for each option', async () => {
    await person.command('wang', 'general', 'poll “Which evening suits you?” “Tuesday” “Thursday”');
    const posted = f.double.messagesIn(CHANNELS.general)[0];
    expect(channelTexts(f.double, CHANNELS.general)[0]).toMatch(/^Quick poll P-0001: Which evening suits you\?\n/);
    expect(buttonsOf(posted).map((b) => b.text.text)).toEqual(['1. Tuesday', '2. Thursday']);
  });

  it('counts each person once, lets them change their mind, and thanks them privately', async () => {
    await person.press('maria', CHANNELS.general, 1);
    await person.press('chen', CHANNELS.general, 2);
    await person.press('li', CHANNELS.general, 1);
    await person.press('maria', CHANNELS.general, 2);
    expect(person.sees(CHANNELS.general, 'maria').slice(-2)).toEqual([
      expect.stringMatching(/^Thank you, your vote is saved: 1\. Tuesday\./),
      expect.stringMatching(/^Your vote is now: 2\. Thursday\./),
    ]);
    expect(person.sees(CHANNELS.general, 'chen').join('\n')).not.toContain('Your vote is now');
  });

  it('posts only the totals when the poll closes', async () => {
    await person.command('wang', 'general', 'poll close');
    const results = channelTexts(f.double, CHANNELS.general).at(-1) ?? '';
    expect(results.split('\n')).toEqual([
      'Quick poll P-0001 has closed: Which evening suits you?',
      '1. Tuesday: 1 (33%)',
      '2. Thursday: 2 (67%)',
      '3 people took part. Thank you all for sharing your view.',
    ]);
  });
});
