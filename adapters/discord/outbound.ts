import { AttachmentBuilder, ChannelType, type Client, type Message, type RepliableInteraction } from 'discord.js';
import type { Action, ActionResult, Choice } from '../../src/core/actions';
import type { Outbox } from '../../src/core/bot';
import type { ConversationRef } from '../../src/core/events';
import type { Logger } from '../../src/core/log';
import { splitText } from '../../src/core/text';
import type { ChannelDirectory } from './channels';
import type { InteractionDeadlines, PendingInteraction, ReplyPayload } from './deadline';
import { DISCORD_PLATFORM } from './inbound';
import { choiceComponents, clip, formButton, formModal, MESSAGE_LIMIT } from './render';

/** Interaction tokens last 15 minutes; ephemeral messages can only be edited through them. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

type SendAction = Extract<Action, { kind: 'send' }>;
type FormAction = Extract<Action, { kind: 'form' }>;

export interface DiscordOutboxParts {
  client: Client;
  channels: ChannelDirectory;
  deadlines: InteractionDeadlines;
  log: Logger;
}

export interface DiscordOutbox extends Outbox {
  /** A form that could not be shown at once waits behind a button; its click opens the modal. */
  waitingForm(key: string): FormAction | undefined;
}

const noMentions = { parse: [] as [] };

/** Performs the core's actions through discord.js. Resident text never pings anyone. */
export function createDiscordOutbox(parts: DiscordOutboxParts): DiscordOutbox {
  const { client, channels, deadlines } = parts;
  /** messageRef -> the interaction that can still edit it (ephemeral replies and follow-ups). */
  const viaInteraction = new Map<string, { interaction: RepliableInteraction; messageId: string; at: number }>();
  const waitingForms = new Map<string, FormAction>();
  let formCount = 0;

  const refOfMessage = (message: Message) => `${message.channelId}/${message.id}`;

  function remember(message: Message, interaction: RepliableInteraction): string {
    const now = Date.now();
    // Oldest first (a Map keeps its insertion order): stop at the first one still usable, so a busy
    // bot does not walk every message of the last 15 minutes for each new one.
    for (const [key, entry] of viaInteraction) {
      if (now - entry.at <= TOKEN_LIFETIME_MS) break;
      viaInteraction.delete(key);
    }
    const ref = refOfMessage(message);
    // Set anew at the end, so the order stays the order of the times.
    viaInteraction.delete(ref);
    viaInteraction.set(ref, { interaction, messageId: message.id, at: now });
    return ref;
  }

  /** The text in pieces Discord accepts; buttons and the attachment go with the last piece. */
  function payloads(text: string, choices?: Choice[], attachment?: SendAction['attachment']): ReplyPayload[] {
    const pieces = splitText(text, MESSAGE_LIMIT);
    return pieces.map((content, index) => {
      const last = index === pieces.length - 1;
      const payload: ReplyPayload = { content, allowedMentions: noMentions };
      if (last && choices?.length) payload.components = choiceComponents(choices);
      if (last && attachment) payload.files = [new AttachmentBuilder(Buffer.from(attachment.data), { name: attachment.name })];
      return payload;
    });
  }

  async function viaPending(pending: PendingInteraction, list: ReplyPayload[], ephemeral: boolean): Promise<string> {
    let ref = '';
    for (const payload of list) ref = remember(await pending.respond(payload, ephemeral), pending.interaction);
    return ref;
  }

  async function toUser(userId: string, list: ReplyPayload[]): Promise<string> {
    const user = await client.users.fetch(userId);
    let ref = '';
    for (const payload of list) ref = refOfMessage(await user.send(payload));
    return ref;
  }

  async function send(action: SendAction): Promise<ActionResult> {
    const list = payloads(action.text, action.choices, action.attachment);
    const to = action.to;
    if (to.kind === 'direct') return { kind: 'sent', messageRef: await toUser(to.userId, list) };
    // The interaction this answers, named by the core (never guessed from who or where).
    const answering = deadlines.answering(action.replyTo);
    if (to.kind === 'private') {
      const pending = answering;
      if (pending) return { kind: 'sent', messageRef: await viaPending(pending, list, true) };
      return { kind: 'sent', messageRef: await toUser(to.userId, list) };
    }
    // Everyone in the place: the interaction that is waiting there answers with the first piece.
    const pending = answering?.open ? answering : undefined;
    let ref = '';
    let rest = list;
    if (pending && list[0]) {
      ref = remember(await pending.respond(list[0], false), pending.interaction);
      rest = list.slice(1);
    }
    if (rest.length > 0) {
      const channel = await channels.text(to.ref);
      for (const payload of rest) ref = refOfMessage(await channel.send(payload));
    }
    return { kind: 'sent', messageRef: ref };
  }

  async function edit(action: Extract<Action, { kind: 'edit' }>): Promise<ActionResult> {
    const [channelId, messageId] = action.messageRef.split('/');
    if (!channelId || !messageId) return { kind: 'done' };
    const content = splitText(action.text, MESSAGE_LIMIT)[0] ?? '';
    const body = { content, allowedMentions: noMentions, ...(action.choices ? { components: choiceComponents(action.choices) } : {}) };
    const held = viaInteraction.get(action.messageRef);
    if (held) {
      await held.interaction.editReply({ ...body, message: held.messageId });
      return { kind: 'done' };
    }
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isTextBased()) throw new Error('edited message is in no text channel');
    await channel.messages.edit(messageId, body);
    return { kind: 'done' };
  }

  async function form(action: FormAction): Promise<ActionResult> {
    const pending = deadlines.answering(action.replyTo);
    const interaction = pending?.interaction;
    if (pending?.open && interaction && !interaction.isModalSubmit()) {
      pending.modalShown();
      await interaction.showModal(formModal(action.formId, action.title, action.fields));
      return { kind: 'done' };
    }
    // Too late for a modal on this interaction: offer a button that opens it.
    const key = String((formCount += 1));
    waitingForms.set(key, action);
    if (waitingForms.size > 500) waitingForms.delete(waitingForms.keys().next().value ?? key);
    const payload: ReplyPayload = { content: clip(action.title, MESSAGE_LIMIT), components: [formButton(key, action.title)], allowedMentions: noMentions };
    if (pending) await viaPending(pending, [payload], true);
    else await toUser(action.userId, [payload]);
    return { kind: 'done' };
  }

  async function openSpace(action: Extract<Action, { kind: 'open-space' }>): Promise<ActionResult> {
    const parent = await channels.parent(action.parent);
    const thread = await parent.threads.create({
      name: clip(action.name, 100),
      type: action.private ? ChannelType.PrivateThread : ChannelType.PublicThread,
      ...(action.private ? { invitable: false } : {}),
    });
    for (const userId of action.members) await thread.members.add(userId);
    const ref: ConversationRef = { platform: DISCORD_PLATFORM, space: parent.guildId, channel: parent.id, thread: thread.id, direct: false };
    return { kind: 'space', ref };
  }

  async function addMember(action: Extract<Action, { kind: 'add-member' }>): Promise<ActionResult> {
    const channel = await channels.text(action.ref);
    if (channel.isThread()) await channel.members.add(action.userId);
    return { kind: 'done' };
  }

  return {
    async perform(action) {
      switch (action.kind) {
        case 'send':
          return send(action);
        case 'edit':
          return edit(action);
        case 'form':
          return form(action);
        case 'open-space':
          return openSpace(action);
        case 'add-member':
          return addMember(action);
      }
    },
    waitingForm: (key) => waitingForms.get(key),
  };
}
