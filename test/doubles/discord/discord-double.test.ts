// Smoke test: the real discord.js Client against the local Discord double, over loopback.
import { once } from 'node:events';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Partials,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordDouble, defaultWorld, InteractionCallback, riverside, shardOfGuild, type DiscordDouble } from './index';

const { channels, users, roles, guildId } = riverside;

let double: DiscordDouble;
let client: Client;

function nextInteraction(): Promise<Interaction> {
  return once(client, Events.InteractionCreate).then(([interaction]) => interaction as Interaction);
}

function textChannel(id: string): TextChannel {
  const channel = client.channels.cache.get(id);
  if (!channel || channel.type !== ChannelType.GuildText) throw new Error(`channel ${id} is not a cached text channel`);
  return channel;
}

beforeAll(async () => {
  double = await createDiscordDouble();
  client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
    ],
    partials: [Partials.Channel],
    rest: { api: double.apiBase },
  });
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token');
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await double?.close();
});

describe('Discord double with the real discord.js client', () => {
  it('logs in and caches the Riverside guild', () => {
    expect(client.user?.id).toBe(riverside.botId);
    expect(client.application?.id).toBe(riverside.applicationId);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('Riverside');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['general', 'housing-office', 'mediation']);
    expect(guild?.roles.cache.get(roles.socialWorker)?.name).toBe('social_worker');
    expect(guild?.members.cache.get(users.li)?.roles.cache.has(roles.socialWorker)).toBe(true);
    expect(double.callsTo('GET', '/gateway/bot')).toHaveLength(1);
    expect(double.gateway.received.find((f) => f.op === 2)).toBeDefined();
  });

  it('registers guild commands', async () => {
    const commands = await client.application?.commands.set(
      [{ name: 'feedback', description: 'Share feedback with the housing office' }],
      guildId,
    );
    expect(commands?.first()?.name).toBe('feedback');
    expect(double.callsTo('PUT', `/applications/:app/guilds/${guildId}/commands`)).toHaveLength(1);
  });

  it('delivers a slash command and records an ephemeral reply (callback type 4, flags 64)', async () => {
    const incoming = nextInteraction();
    const { id } = double.sendSlashCommand({
      name: 'feedback',
      options: { topic: 'heating', urgent: true },
      userId: users.maria,
      channelId: channels.general,
    });
    const interaction = await incoming;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.options.getString('topic')).toBe('heating');
    expect(interaction.options.getBoolean('urgent')).toBe(true);
    expect(interaction.user.username).toBe('maria');
    await interaction.reply({ content: 'Thanks, Maria.', flags: MessageFlags.Ephemeral });
    const callback = await double.waitForInteractionResponse(id);
    expect(callback.type).toBe(InteractionCallback.ChannelMessageWithSource);
    expect(callback.data).toMatchObject({ content: 'Thanks, Maria.', flags: 64 });
    // Follow-ups go to the interaction webhook once the interaction is acknowledged.
    await expect(interaction.followUp('late')).resolves.toBeDefined();
    expect(double.callsTo('POST', '/webhooks/:app/:token')).toHaveLength(1);
  });

  it('sends a channel message with a button and answers the click with update (type 7)', async () => {
    const sent = await textChannel(channels.general).send({
      content: 'Was this helpful?',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('helpful:yes').setLabel('Yes').setStyle(ButtonStyle.Primary),
        ),
      ],
    });
    expect(sent.author.id).toBe(riverside.botId);
    expect(double.messagesIn(channels.general)).toContain('Was this helpful?');

    const incoming = nextInteraction();
    const { id } = double.clickButton({ customId: 'helpful:yes', userId: users.chen, channelId: channels.general, messageId: sent.id });
    const interaction = await incoming;
    if (!interaction.isButton()) throw new Error('expected a button');
    expect(interaction.message.id).toBe(sent.id);
    await interaction.update({ content: 'Thank you for answering.', components: [] });
    const callback = await double.waitForInteractionResponse(id);
    expect(callback.type).toBe(InteractionCallback.UpdateMessage);
    expect(double.messagesIn(channels.general)).toContain('Thank you for answering.');
    expect(double.messagesIn(channels.general)).not.toContain('Was this helpful?');
  });

  it('shows a modal (type 9) and reads the submitted fields, then defers, edits and follows up', async () => {
    const incoming = nextInteraction();
    const { id } = double.sendSlashCommand({ name: 'feedback', userId: users.maria, channelId: channels.general });
    const command = await incoming;
    if (!command.isChatInputCommand()) throw new Error('expected a chat input command');
    await command.showModal(
      new ModalBuilder()
        .setCustomId('feedback-modal')
        .setTitle('Feedback')
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('What happened?')
            .setTextInputComponent(new TextInputBuilder().setCustomId('what').setStyle(TextInputStyle.Paragraph)),
        ),
    );
    const shown = await double.waitForInteractionResponse(id);
    expect(shown.type).toBe(InteractionCallback.Modal);
    expect(shown.data).toMatchObject({ custom_id: 'feedback-modal', title: 'Feedback' });

    for (const layout of ['labels', 'rows'] as const) {
      const submitted = nextInteraction();
      const handle = double.submitModal({
        customId: 'feedback-modal',
        fields: { what: `The heating is broken (${layout})` },
        userId: users.maria,
        channelId: channels.general,
        layout,
      });
      const submit = await submitted;
      if (!submit.isModalSubmit()) throw new Error('expected a modal submit');
      expect(submit.fields.getTextInputValue('what')).toBe(`The heating is broken (${layout})`);
      await submit.deferReply({ flags: MessageFlags.Ephemeral });
      expect((await double.waitForInteractionResponse(handle.id)).type).toBe(InteractionCallback.DeferredChannelMessageWithSource);
      const edited = await submit.editReply('Recorded.');
      expect(edited.content).toBe('Recorded.');
      await submit.followUp({ content: 'A coordinator will follow up.', flags: MessageFlags.Ephemeral });
    }
    expect(double.callsTo('PATCH', '/webhooks/:app/:token/messages/@original')).toHaveLength(2);
  });

  it('refuses a second acknowledgement with 40060', async () => {
    const incoming = nextInteraction();
    double.sendSlashCommand({ name: 'feedback', userId: users.chen, channelId: channels.general });
    const interaction = await incoming;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    await interaction.deferReply();
    // discord.js guards against this itself, so go through REST to see what Discord would answer.
    await expect(
      client.rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'x' } }, auth: false }),
    ).rejects.toMatchObject({ code: 40060 });
  });

  it('receives a user message and posts with a file attachment (multipart)', async () => {
    const received = once(client, Events.MessageCreate).then(([m]) => m as Message);
    double.sendMessage({ channelId: channels.housingOffice, authorId: users.wang, content: 'Weekly report please' });
    const message = await received;
    expect(message.content).toBe('Weekly report please');
    expect(message.member?.roles.cache.has(roles.coordinator)).toBe(true);

    await textChannel(channels.housingOffice).send({
      content: 'Here is the report.',
      files: [new AttachmentBuilder(Buffer.from('indicator,value\nresolved,3\n'), { name: 'report.csv' })],
    });
    const call = await double.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${channels.housingOffice}/messages` && c.files.length > 0);
    expect(call.body).toMatchObject({ content: 'Here is the report.' });
    expect(call.files).toEqual([{ name: 'report.csv', size: 27, contentType: 'application/octet-stream' }]);
  });

  it('creates a private thread and adds a member', async () => {
    const thread = await textChannel(channels.mediation).threads.create({
      name: 'mediation-maria-chen',
      type: ChannelType.PrivateThread,
      invitable: false,
    });
    expect(thread.type).toBe(ChannelType.PrivateThread);
    expect(thread.parentId).toBe(channels.mediation);
    await thread.members.add(users.li);
    await thread.send('Welcome, both of you.');
    expect(double.callsTo('POST', `/channels/${channels.mediation}/threads`)[0]?.body).toMatchObject({ type: 12, name: 'mediation-maria-chen' });
    expect(double.callsTo('PUT', `/channels/${thread.id}/thread-members/${users.li}`)).toHaveLength(1);
    expect(double.messagesIn(thread.id)).toEqual(['Welcome, both of you.']);
  });

  it('sends a DM and receives one back', async () => {
    const maria = await client.users.fetch(users.maria);
    await maria.send('Your feedback was recorded.');
    const dm = double.callsTo('POST', '/users/@me/channels');
    expect(dm[0]?.body).toEqual({ recipient_id: users.maria });
    const dmChannelId = double.dmChannelFor(users.maria);
    expect(double.messagesIn(dmChannelId)).toEqual(['Your feedback was recorded.']);

    const received = once(client, Events.MessageCreate).then(([m]) => m as Message);
    double.sendMessage({ channelId: dmChannelId, authorId: users.maria, content: 'thank you' });
    const reply = await received;
    expect(reply.channel.isDMBased()).toBe(true);
    expect(reply.author.id).toBe(users.maria);
  });

  it('creates a message once for a nonce it enforces, and returns the first one again', async () => {
    const channel = textChannel(channels.general);
    const before = double.messagesIn(channels.general).length;
    const first = await channel.send({ content: 'Answer kept once', nonce: 'kept-answer-1', enforceNonce: true });
    const again = await channel.send({ content: 'Answer kept once', nonce: 'kept-answer-1', enforceNonce: true });
    expect(again.id).toBe(first.id);
    // Without enforce_nonce, the same nonce makes another message (Discord only checks when asked).
    await channel.send({ content: 'Answer kept once', nonce: 'kept-answer-1' });
    expect(double.messagesIn(channels.general).slice(before)).toEqual(['Answer kept once', 'Answer kept once']);
    await expect(channel.send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true })).rejects.toMatchObject({ code: 50035 });
  });

  it('refuses a message longer than 2000 characters, as Discord does', async () => {
    const channel = textChannel(channels.general);
    await expect(channel.send('长'.repeat(2001))).rejects.toMatchObject({ code: 50035 });
    await expect(channel.send('长'.repeat(2000))).resolves.toBeDefined();
  });

  it('records unknown routes as Discord-style 404s', async () => {
    await expect(client.rest.get(`/guilds/${guildId}/bans`)).rejects.toMatchObject({ status: 404 });
    expect(double.callsTo('GET', `/guilds/${guildId}/bans`)[0]?.status).toBe(404);
  });

  it('injects failures the client retries through', async () => {
    double.failNext({ method: 'POST', path: `/channels/${channels.general}/messages`, status: 429, retryAfterSeconds: 0.05 });
    await textChannel(channels.general).send('after a rate limit');
    const attempts = double.callsTo('POST', `/channels/${channels.general}/messages`).slice(-2);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });
});

describe('several servers, one shard each', () => {
  it("gives each shard's client its own servers, and a server's interactions only to its shard", async () => {
    // Server ids whose shard of 2 is 0 and 1 ((id >> 22) % 2, as Discord computes it).
    const servers = [(1_000_000_000_000n << 22n).toString(), (1_000_000_000_001n << 22n).toString()];
    const world = defaultWorld();
    world.guild = { ...world.guild, id: servers[0] as string };
    world.moreGuilds = [{ id: servers[1] as string, name: 'Riverside East', ownerId: users.wang }];
    const east = '1100000000000000999';
    world.channels.push({ id: east, name: 'east', type: ChannelType.GuildText, guildId: servers[1] as string });
    const sharded = await createDiscordDouble({ world });
    const clients = [0, 1].map((shard) => new Client({ intents: [GatewayIntentBits.Guilds], shards: shard, shardCount: 2, rest: { api: sharded.apiBase } }));
    try {
      await Promise.all(clients.map(async (c) => (await Promise.all([once(c, Events.ClientReady), c.login('fake-token')]), c)));
      expect(clients.map((c) => [...c.guilds.cache.keys()])).toEqual([[servers[0]], [servers[1]]]);
      expect(shardOfGuild(servers[1] as string, 2)).toBe(1);

      const seen: number[] = [];
      clients.forEach((c, shard) => c.on(Events.InteractionCreate, () => seen.push(shard)));
      const reached = once(clients[1] as Client, Events.InteractionCreate);
      sharded.sendSlashCommand({ name: 'help', userId: users.maria, channelId: east });
      await reached;
      // Then one in the first server: its shard's client gets it, and had got nothing before it.
      const reachedFirst = once(clients[0] as Client, Events.InteractionCreate);
      sharded.sendSlashCommand({ name: 'help', userId: users.maria, channelId: channels.general });
      await reachedFirst;
      expect(seen).toEqual([1, 0]);
      expect(sharded.interaction([...sharded.state.interactions.keys()][0] as string)?.guildId).toBe(servers[1]);
    } finally {
      await Promise.all(clients.map((c) => c.destroy()));
      await sharded.close();
    }
  });
});
