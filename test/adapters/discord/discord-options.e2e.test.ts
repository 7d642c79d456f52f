import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../src/core/commands';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { createMediationFeature } from '../../../src/mediation/feature';
import { riverside } from '../../doubles/discord';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';
import { createPerson } from './discord-flow-steps';

const { users, channels } = riverside;
let rig: DiscordAppRig;
let person: ReturnType<typeof createPerson>;

/** Shows what the core received, so the test sees the event as a feature would. */
const echo: CommandSpec = {
  name: 'echo',
  roles: ['social_worker'],
  description: 'mediation.help.open',
  options: [{ name: 'people', description: 'mediation.option.parties', required: true }],
  run: (ctx) => ctx.reply(JSON.stringify({ args: ctx.args, options: ctx.event.options })).then(() => undefined),
};

beforeAll(async () => {
  rig = await startDiscordApp({
    flows: ['mediation'],
    features: [{ commands: [...coreCommands, echo], functions: builtinFunctions }, createMediationFeature()],
  });
  person = createPerson(rig.double, () => rig.app.bot.idle());
});
afterAll(async () => {
  await rig?.close();
});

interface Registered {
  name: string;
  options?: Registered[];
}

function registered(name: string, sub: string): Registered | undefined {
  const command = rig.double.state.commands.map((c) => c.body as unknown as Registered).find((c) => c.name === name);
  return command?.options?.find((o) => o.name === sub);
}

describe('Discord end to end: optional options and the text of sub-commands reach the core', () => {
  it('passes an optional project as project=<id>, so the mediation belongs to that project', async () => {
    const opened = await person.answered(
      rig.double.sendSlashCommand({
        name: 'mediation',
        subcommand: 'open',
        options: { parties: `<@${users.maria}> <@${users.chen}>`, title: 'Shared courtyard evenings', project: 'riverside-renewal' },
        userId: users.li,
        channelId: channels.general,
      }),
    );
    expect(String(opened.data.content)).toContain('Thank you. Mediation M-1 is set up.');
    const outcomes = await rig.app.outcomes.query({ types: ['mediation.opened'] });
    expect(outcomes.map((o) => o.project)).toEqual(['riverside-renewal']);
  });

  it('registers the sub-commands handed to a run with one optional text option', () => {
    for (const sub of ['post', 'caucus', 'reply', 'say']) {
      expect(registered('mediation', sub)?.options?.map((o) => o.name)).toEqual(['text']);
    }
    expect(registered('mediation', 'open')?.options?.map((o) => o.name)).toEqual(['parties', 'title', 'project', 'stage']);
  });

  it('hands the words of /mediation post text:... to the run, as if typed', async () => {
    for (const party of [users.maria, users.chen]) await person.press(rig.double.dmChannelFor(party), party, 1);
    const thread = rig.double.callsTo('PUT', '/channels/:thread/thread-members/:user')[0]?.path.split('/')[2] ?? '';
    expect(thread).not.toBe('');
    await person.answered(
      rig.double.sendSlashCommand({ name: 'mediation', subcommand: 'post', options: { text: 'Thank you both for coming today.' }, userId: users.li, channelId: thread }),
    );
    expect(rig.double.messagesIn(thread)).toContain('From the mediator: Thank you both for coming today.');
  });

  it('keeps mentions as @<id> words, and adds the display names of mentioned members it knows', async () => {
    const answer = await person.answered(
      rig.double.sendSlashCommand({ name: 'echo', options: { people: `<@${users.maria}> <@!${users.chen}> <@1100000000000000999>` }, userId: users.li, channelId: channels.general }),
    );
    expect(JSON.parse(String(answer.data.content))).toEqual({
      args: [`@${users.maria}`, `@${users.chen}`, '@1100000000000000999'],
      options: { people: `<@${users.maria}> <@!${users.chen}> <@1100000000000000999>`, [`name:@${users.maria}`]: 'Maria', [`name:@${users.chen}`]: 'Chen' },
    });
  });
});
