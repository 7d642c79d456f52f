import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riverside } from '../../doubles/discord';
import { slashCommandPayload } from '../../doubles/discord/interactions';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';

const { users, channels } = riverside;
let rig: DiscordAppRig;

beforeAll(async () => {
  rig = await startDiscordApp();
});
afterAll(async () => {
  await rig?.close();
});

describe('Discord: an interaction delivered twice is answered once', () => {
  it('shows /help once when Discord delivers the command twice at once', async () => {
    const { payload, handle } = slashCommandPayload(rig.double.state, { name: 'help', userId: users.maria, channelId: channels.general });
    rig.double.dispatch('INTERACTION_CREATE', payload);
    rig.double.dispatch('INTERACTION_CREATE', payload);
    await rig.double.waitForInteractionResponse(handle.id);
    await rig.app.bot.idle();
    const help = rig.double.botMessages(channels.general).filter((m) => m.content.startsWith('Here is what you can do here:'));
    expect(help).toHaveLength(1);
    expect(help[0]?.flags).toBe(64);
  });
});
