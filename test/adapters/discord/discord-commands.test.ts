import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riverside } from '../../doubles/discord';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';

const { users, channels, guildId } = riverside;
let rig: DiscordAppRig;

beforeAll(async () => {
  rig = await startDiscordApp({ env: { DISCORD_GUILD_ID: guildId } });
});
afterAll(async () => {
  await rig?.close();
});

describe('Discord adapter: start, slash commands, private answers', () => {
  it('registers the core commands in the guild and prints the invite link with the needed permissions', () => {
    const put = rig.double.callsTo('PUT', `/applications/:app/guilds/${guildId}/commands`);
    expect(put).toHaveLength(1);
    const names = (put[0]?.body as { name: string }[]).map((c) => c.name);
    expect(names).toContain('language');
    // /help is answered by the core, and registered like every other command.
    expect(names).toContain('help');
    const language = (put[0]?.body as { name: string; options: { name: string; choices?: { value: string }[] }[] }[]).find((c) => c.name === 'language');
    expect(language?.options[0]?.choices?.map((c) => c.value)).toEqual(['en', 'zh-CN']);
    expect(rig.printed[0]).toMatch(/^Invite commonground to a Discord server: https:\/\/discord\.com\/oauth2\/authorize\?client_id=1100000000000000002&scope=bot\+applications\.commands&permissions=\d+$/);
    // View channels, send messages (and in threads), create public and private threads, attach files.
    expect(rig.printed[0]).toContain('permissions=377957157888');
  });

  it('answers /help privately (ephemeral reply)', async () => {
    const { id } = rig.double.sendSlashCommand({ name: 'help', userId: users.maria, channelId: channels.general });
    const callback = await rig.double.waitForInteractionResponse(id);
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(64);
    expect(String(callback.data.content)).toContain('/language');
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('passes a chosen option as the command argument (/language zh-CN)', async () => {
    const { id } = rig.double.sendSlashCommand({ name: 'language', options: { locale: 'zh-CN' }, userId: users.chen, channelId: channels.general });
    const callback = await rig.double.waitForInteractionResponse(id);
    expect(callback.data.flags).toBe(64);
    expect(String(callback.data.content)).toMatch(/[\u4e00-\u9fff]/);
  });
});
