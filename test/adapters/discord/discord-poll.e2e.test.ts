import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { pollFeature } from '../../../src/polls/feature';
import { riverside } from '../../doubles/discord';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';
import { buttonsOf, createPerson } from './discord-flow-steps';

const { users, channels } = riverside;
let rig: DiscordAppRig;
let person: ReturnType<typeof createPerson>;

beforeAll(async () => {
  rig = await startDiscordApp({ flows: ['poll'], features: [{ commands: coreCommands, functions: builtinFunctions }, pollFeature] });
  person = createPerson(rig.double, () => rig.app.bot.idle());
});
afterAll(async () => {
  await rig?.close();
});

const shared = () => rig.double.botMessages(channels.general).filter((m) => (m.flags & 64) === 0);

describe('Discord end to end: a quick poll', () => {
  it('opens from /poll start with the question and options as typed, and answers in the channel with a button for each option', async () => {
    const { double } = rig;
    const opened = await person.answered(
      double.sendSlashCommand({ name: 'poll', subcommand: 'start', options: { question_and_options: '"Which evening suits you?" "Tuesday" "Thursday" --closes 30m' }, userId: users.wang, channelId: channels.general }),
    );
    // The poll is the public answer to the command.
    expect(opened.type).toBe(4);
    expect(opened.data.flags ?? 0).toBe(0);
    expect(String(opened.data.content)).toMatch(/^Quick poll P-0001: Which evening suits you\?\nYou can choose one option with the buttons/);
    const poll = shared()[0];
    if (!poll) throw new Error('no poll in the channel');
    expect(poll.content).toBe(opened.data.content);
    expect(poll.components).toMatchObject([{ type: 1, components: [{ type: 2, label: '1. Tuesday' }, { type: 2, label: '2. Thursday' }] }]);
    expect(buttonsOf(poll)).toHaveLength(2);
  });

  it('takes votes by button, answers each voter privately, and lets a voter change their mind', async () => {
    const maria = await person.press(channels.general, users.maria, 1);
    expect(maria).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(maria.data.content)).toMatch(/^Thank you, your vote is saved: 1\. Tuesday\./);
    const chen = await person.press(channels.general, users.chen, 2);
    expect(String(chen.data.content)).toMatch(/^Thank you, your vote is saved: 2\. Thursday\./);
    const li = await person.press(channels.general, users.li, 1);
    expect(String(li.data.content)).toContain('Thank you, your vote is saved: 1. Tuesday.');
    const changed = await person.press(channels.general, users.maria, 2);
    expect(changed).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(changed.data.content)).toMatch(/^Your vote is now: 2\. Thursday\./);
    // Every vote was answered privately: nothing new was said in the channel.
    expect(shared()).toHaveLength(1);
  });

  it('posts only the totals when the person who opened it closes it', async () => {
    const { double } = rig;
    const closed = await person.answered(double.sendSlashCommand({ name: 'poll', subcommand: 'close', userId: users.wang, channelId: channels.general }));
    // The tally is the public answer to /poll close.
    expect(closed).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(closed.data.flags ?? 0).toBe(0);
    expect(String(closed.data.content).split('\n')).toEqual([
      'Quick poll P-0001 has closed: Which evening suits you?',
      '1. Tuesday: 1 (33%)',
      '2. Thursday: 2 (67%)',
      '3 people took part. Thank you all for sharing your view.',
    ]);
    expect(shared().map((m) => m.content)).toEqual([expect.stringMatching(/^Quick poll P-0001: /), closed.data.content]);
    // Nothing the client sent in public names a voter.
    const publicBodies = double.callsTo('POST', '/interactions/:id/:token/callback').map((c) => c.body as { data?: { flags?: number } }).filter((b) => ((b.data?.flags ?? 0) & 64) === 0);
    expect(publicBodies).toHaveLength(2);
    for (const name of ['Maria', 'Chen', 'maria', 'chen', users.maria, users.chen, users.li]) expect(JSON.stringify(publicBodies)).not.toContain(name);
  });
});
