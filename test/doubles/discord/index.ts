// Public entry of the Discord double: REST (/api/v10) and gateway v10 on loopback for the real discord.js Client.
//
//   const double = await createDiscordDouble();
//   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: double.apiBase } });
//   const ready = once(client, Events.ClientReady);
//   await client.login('any-token');
//   await ready;
//   const { id } = double.sendSlashCommand({ name: 'feedback', userId: riverside.users.maria, channelId: riverside.channels.general });
//   const callback = await double.waitForInteractionResponse(id); // { type: 4, data: { content, flags } }
//   await client.destroy();
//   await double.close();
export { createDiscordDouble, pathMatches } from './server';
export type { DiscordDouble, DiscordDoubleOptions, InjectedFailure, RecordedCall, UserMessageInput } from './server';
export { ChannelKind, defaultWorld, nextSnowflake, riverside, shardOfGuild } from './fixtures';
export type { World, WorldChannel, WorldGuild, WorldMember, WorldRole, WorldUser } from './fixtures';
export type { ButtonClickInput, InteractionHandle, ModalSubmitInput, SelectMenuInput, SlashCommandInput } from './interactions';
export { InteractionCallback } from './rest-routes';
export type { CallbackRecord, InteractionRecord, StoredMessage } from './state';
