import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { createMediationFeature } from '../../../src/mediation/feature';
import { riverside } from '../../doubles/discord';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';
import { buttonsOf, createPerson } from './discord-flow-steps';

const { users, channels } = riverside;
let rig: DiscordAppRig;
let person: ReturnType<typeof createPerson>;

beforeAll(async () => {
  rig = await startDiscordApp({ flows: ['mediation'], features: [{ commands: coreCommands, functions: builtinFunctions }, createMediationFeature()] });
  person = createPerson(rig.double, () => rig.app.bot.idle());
});
afterAll(async () => {
  await rig?.close();
});

const body = (call: { body: unknown } | undefined) => (call?.body ?? {}) as { content?: string; type?: number; name?: string; invitable?: boolean; recipient_id?: string };
const INVITATION = 'Hello. Li, a social worker, has invited you to a mediation about "Shared courtyard evenings".';
const WELCOME = 'Welcome, and thank you all for taking part. This space is private: only the participants and the mediator can see it.';
const INTAKE = 'In your own words, what happened? Take as long as you need. Only the mediator will see your answer.';

describe('Discord end to end: the opening of a mediation', () => {
  it('opens from /mediation open with two mentions and a title, and asks each party for consent by DM with buttons', async () => {
    const { double } = rig;
    const opened = await person.answered(
      double.sendSlashCommand({ name: 'mediation', subcommand: 'open', options: { parties: `<@${users.maria}> <@${users.chen}>`, title: 'Shared courtyard evenings' }, userId: users.li, channelId: channels.general }),
    );
    expect(opened).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(opened.data.content)).toContain('Thank you. Mediation M-1 is set up.');
    // People are named as Discord shows them, never by their numeric ids.
    expect(String(opened.data.content)).toContain('Maria and Chen');
    expect(String(opened.data.content)).not.toContain(users.maria);
    // One DM channel opened for each party, then the invitation posted in it.
    expect(double.callsTo('POST', '/users/@me/channels').map((c) => body(c).recipient_id)).toEqual([users.maria, users.chen]);
    for (const party of [users.maria, users.chen]) {
      const dm = double.dmChannelFor(party);
      const posted = double.callsTo('POST', `/channels/${dm}/messages`);
      expect(posted).toHaveLength(1);
      expect(body(posted[0]).content?.split('\n')[0]).toBe(INVITATION);
      const invitation = double.botMessages(dm)[0];
      if (!invitation) throw new Error('no invitation in the DM');
      expect(invitation.components).toMatchObject([{ type: 1, components: [{ type: 2, label: 'Yes' }, { type: 2, label: 'No' }] }]);
      expect(buttonsOf(invitation).map((id) => id.split('~').slice(1).join('~'))).toEqual(['consent~yes', 'consent~no']);
    }
    // Nothing was said in the channel, and no space is open before anyone agrees.
    expect(double.callsTo('POST', `/channels/${channels.general}/messages`)).toEqual([]);
    expect(double.callsTo('POST', '/channels/:id/threads')).toEqual([]);
  });

  it('opens no space while one party has still to answer', async () => {
    const { double } = rig;
    const maria = await person.press(double.dmChannelFor(users.maria), users.maria, 1);
    expect(maria.type).toBe(4);
    expect(String(maria.data.content)).toContain('Thank you for agreeing to take part.');
    expect(double.callsTo('POST', '/channels/:id/threads')).toEqual([]);
    expect(double.callsTo('PUT', '/channels/:thread/thread-members/:user')).toEqual([]);
  });

  it('once both agree, opens a private thread with exactly the mediator and the parties, and starts the private intake', async () => {
    const { double } = rig;
    const chen = await person.press(double.dmChannelFor(users.chen), users.chen, 1);
    expect(String(chen.data.content)).toContain('Thank you for agreeing to take part.');
    const created = double.callsTo('POST', '/channels/:id/threads');
    expect(created).toHaveLength(1);
    expect(created[0]?.path).toBe(`/channels/${channels.general}/threads`);
    expect(body(created[0])).toMatchObject({ type: 12, name: 'Mediation M-1: Shared courtyard evenings', invitable: false });
    const added = double.callsTo('PUT', '/channels/:thread/thread-members/:user').map((c) => c.path.split('/'));
    const thread = added[0]?.[2] ?? '';
    expect(added.every((segments) => segments[2] === thread)).toBe(true);
    expect(added.map((segments) => segments[4]).sort()).toEqual([users.li, users.maria, users.chen].sort());
    // The welcome in the thread, then the first intake question to each party by DM.
    const inThread = double.callsTo('POST', `/channels/${thread}/messages`);
    expect(inThread).toHaveLength(1);
    expect(body(inThread[0]).content?.split('\n')[0]).toBe(WELCOME);
    for (const party of [users.maria, users.chen]) {
      const posted = double.callsTo('POST', `/channels/${double.dmChannelFor(party)}/messages`);
      expect(body(posted.at(-1)).content).toBe(INTAKE);
    }
    // The intake question goes to the parties only.
    const mediatorDm = double.dmChannelFor(users.li);
    expect(double.messagesIn(mediatorDm).join('\n')).not.toContain(INTAKE);
  });
});
