import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { createMediationFeature } from '../../../src/mediation/feature';
import { CHANNELS, USERS, type StoredMessage } from '../../doubles/slack/index';
import { createFakeClock } from '../../support/harness';
import { blockText, startSlackFixture, type SlackFixture } from './slack-fixture';

interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}

function buttonsOf(message: StoredMessage | undefined): Button[] {
  return (message?.blocks ?? []).flatMap((b) => ((b as { elements?: Button[] }).elements ?? [])).filter((e) => e.type === 'button');
}

describe('a mediation opened in Slack', () => {
  let f: SlackFixture;
  const dmOf = (user: string) => f.double.world.channels.find((c) => c.isIm === true && c.user === user)?.id ?? '';

  beforeAll(async () => {
    f = await startSlackFixture({
      flows: ['mediation'],
      features: [{ commands: coreCommands, functions: builtinFunctions }, createMediationFeature()],
      clock: createFakeClock(),
    });
  });

  afterAll(async () => {
    await f.close();
  });

  it('asks each party for consent by DM, with buttons', async () => {
    const text = `mediation open <@${USERS.maria}|maria> <@${USERS.chen}|chen> "Shared courtyard evenings" project=courtyard-rules stage=consultation`;
    const result = await f.inbound.slashCommand({ user: 'li', channel: 'general', text });
    expect(result.status).toBe(200);
    await f.settle();
    for (const party of [USERS.maria, USERS.chen]) {
      const asked = f.double.messagesIn(dmOf(party)).at(-1);
      expect(blockText(asked?.blocks)).toContain('Shared courtyard evenings');
      expect(buttonsOf(asked).map((b) => b.text.text)).toEqual(['Yes', 'No']);
    }
    expect(f.double.callsTo('conversations.create')).toEqual([]);
  });

  it('opens a private channel with only the parties and the mediator once both agree', async () => {
    for (const party of ['maria', 'chen'] as const) {
      const dm = dmOf(USERS[party]);
      const asked = f.double.messagesIn(dm).at(-1);
      const yes = buttonsOf(asked)[0];
      const clicked = await f.inbound.blockAction({ user: party, actionId: yes?.action_id ?? '', value: yes?.value ?? '', channel: dm, messageTs: asked?.ts ?? '' });
      expect(clicked.status).toBe(200);
      await f.settle();
    }
    const created = f.double.callsTo('conversations.create');
    expect(created).toHaveLength(1);
    expect(String(created[0]?.args.is_private)).toBe('true');
    const space = f.double.world.channels.find((c) => c.name === created[0]?.args.name);
    expect(space?.isPrivate).toBe(true);
    expect([...(space?.members ?? [])].sort()).toEqual([USERS.chen, USERS.li, USERS.maria, f.double.world.bot.userId].sort());
    const welcome = f.double.messagesIn(space?.id ?? '').map((m) => blockText(m.blocks) ?? '');
    expect(welcome.some((t) => t.startsWith('Welcome, and thank you all for taking part. This space is private'))).toBe(true);
    expect(f.double.messagesIn(CHANNELS.general).map((m) => blockText(m.blocks) ?? '').join('\n')).not.toContain('Shared courtyard evenings');
  });
});
