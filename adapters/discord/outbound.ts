import { createHash } from 'node:crypto';
import { AttachmentBuilder, ChannelType, DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type APIMessage, type Client, type Message, type MessageCreateOptions, type RepliableInteraction } from 'discord.js';
import type { Action, ActionResult, Choice } from '../../src/core/actions';
import type { Outbox } from '../../src/core/bot';
import type { ConversationRef } from '../../src/core/events';
import type { Logger } from '../../src/core/log';
import { splitText } from '../../src/core/text';
import type { ChannelDirectory } from './channels';
import type { InteractionDeadlines, PendingInteraction, ReplyPayload } from './deadline';
import { DISCORD_PLATFORM } from './inbound';
import { choiceComponents, clip, formButton, formModal, MESSAGE_LIMIT, plainText } from './render';

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

/**
 * The nonce of one piece of a kept answer (`keptAs`), the same in every process: Discord creates one
 * message for a nonce it has seen from the bot in the last few minutes (`enforce_nonce`) and returns
 * that one again. At most 25 characters.
 */
export function answerNonce(keptAs: string, piece: number): string {
  return createHash('sha256').update(`${keptAs}\u0000${piece}`).digest('base64url').slice(0, 25);
}

/** Discord refused a response because the interaction was already answered (by another process, before it stopped). */
export function alreadyAnswered(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
}

/** A message payload with its piece's nonce, when it is part of a kept answer. */
function withNonce(payload: ReplyPayload, keptAs: string | undefined, piece: number): MessageCreateOptions {
  return keptAs ? { ...payload, nonce: answerNonce(keptAs, piece), enforceNonce: true } : payload;
}

/** Performs the core's actions through discord.js. Resident text never pings anyone. */
export function createDiscordOutbox(parts: DiscordOutboxParts): DiscordOutbox {
  const { client, channels, deadlines } = parts;
  /** messageRef -> the interaction that can still edit it (ephemeral replies and follow-ups). */
  const viaInteraction = new Map<string, { interaction: RepliableInteraction; messageId: string; ephemeral: boolean; at: number }>();
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
    viaInteraction.set(ref, { interaction, messageId: message.id, ephemeral: message.flags.has(MessageFlags.Ephemeral), at: now });
    return ref;
  }

  /** The text in pieces Discord accepts; buttons and the attachment go with the last piece. */
  function payloads(text: string, choices?: Choice[], attachment?: SendAction['attachment']): ReplyPayload[] {
    const pieces = splitText(plainText(text), MESSAGE_LIMIT);
    return pieces.map((content, index) => {
      const last = index === pieces.length - 1;
      const payload: ReplyPayload = { content, allowedMentions: noMentions };
      if (last && choices?.length) payload.components = choiceComponents(choices);
      if (last && attachment) payload.files = [new AttachmentBuilder(Buffer.from(attachment.data), { name: attachment.name })];
      return payload;
    });
  }

  /**
   * Answers through the interaction; '' when Discord refuses because it was answered already: the
   * answer was given (by a process that stopped before it could forget it), so nothing more is sent.
   */
  async function viaPending(pending: PendingInteraction, list: ReplyPayload[], ephemeral: boolean): Promise<string> {
    let ref = '';
    for (const payload of list) {
      const message = await unlessAnswered(() => pending.respond(payload, ephemeral));
      if (!message) return '';
      ref = remember(message, pending.interaction);
    }
    return ref;
  }

  /** Runs a response to an interaction; undefined when Discord refuses it because the interaction was answered already. */
  async function unlessAnswered<T>(respond: () => Promise<T>): Promise<T | undefined> {
    try {
      return await respond();
    } catch (error) {
      if (!alreadyAnswered(error)) throw error;
      parts.log.info({ platform: DISCORD_PLATFORM }, 'interaction already answered; not answering it again');
      return undefined;
    }
  }

  async function toUser(userId: string, list: ReplyPayload[], keptAs?: string, from = 0): Promise<string> {
    const user = await client.users.fetch(userId);
    let ref = '';
    for (const [index, payload] of list.entries()) ref = refOfMessage(await user.send(withNonce(payload, keptAs, from + index)));
    return ref;
  }

  /**
   * Whether an interaction another process held was answered (its reply exists, and is more than a
   * deferred "thinking" note), asked through the interaction's webhook. When Discord cannot say
   * (the token is older than 15 minutes, or an error), it was not: the answer is sent, twice rather
   * than never.
   */
  async function answeredThrough(handle: string): Promise<boolean> {
    const [applicationId, token] = handle.split('/');
    if (!applicationId || !token) return false;
    try {
      const original = (await client.rest.get(Routes.webhookMessage(applicationId, token, '@original'), { auth: false })) as APIMessage;
      return ((original.flags ?? 0) & MessageFlags.Loading) === 0;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.status === 404)) parts.log.warn({ platform: DISCORD_PLATFORM, err: (error as Error).message }, 'could not ask whether an interaction was answered; answering it');
      return false;
    }
  }

  /** A kept answer sent again, to an interaction this process does not hold, that its first process answered already. */
  async function givenBefore(action: SendAction | FormAction): Promise<boolean> {
    if (!action.resent || !action.replyHandle || deadlines.answering(action.replyTo)) return false;
    if (!(await answeredThrough(action.replyHandle))) return false;
    parts.log.info({ platform: DISCORD_PLATFORM }, 'interaction answered before a restart; not answering it again');
    return true;
  }

  async function send(action: SendAction): Promise<ActionResult> {
    if (await givenBefore(action)) return { kind: 'done' };
    const list = payloads(action.text, action.choices, action.attachment);
    const to = action.to;
    // A kept answer's messages carry nonces, so one sent again (after a crash) is created once.
    const keptAs = action.keptAs;
    if (to.kind === 'direct') return { kind: 'sent', messageRef: await toUser(to.userId, list, keptAs) };
    // The interaction this answers, named by the core (never guessed from who or where).
    const answering = deadlines.answering(action.replyTo);
    if (to.kind === 'private') {
      const pending = answering;
      if (pending) return sentAs(await viaPending(pending, list, true));
      return { kind: 'sent', messageRef: await toUser(to.userId, list, keptAs) };
    }
    // Everyone in the place: the interaction that is waiting there answers with the first piece.
    const pending = answering?.open ? answering : undefined;
    let ref = '';
    let rest = list;
    if (pending && list[0]) {
      ref = await viaPending(pending, [list[0]], false);
      if (!ref) return { kind: 'done' };
      rest = list.slice(1);
    }
    if (rest.length > 0) {
      const channel = await channels.text(to.ref);
      const from = list.length - rest.length;
      for (const [index, payload] of rest.entries()) ref = refOfMessage(await channel.send(withNonce(payload, keptAs, from + index)));
    }
    return { kind: 'sent', messageRef: ref };
  }

  const sentAs = (ref: string): ActionResult => (ref ? { kind: 'sent', messageRef: ref } : { kind: 'done' });

  /**
   * Edits a message to the new text. Text longer than one message (a summary or a report replacing
   * "Working on it…") keeps its first piece in the edited message and follows it with the rest, in
   * the same place and seen by the same people, the choices on the last piece: nothing is cut.
   */
  async function edit(action: Extract<Action, { kind: 'edit' }>): Promise<ActionResult> {
    const [channelId, messageId] = action.messageRef.split('/');
    if (!channelId || !messageId) return { kind: 'done' };
    const [first, ...rest] = payloads(action.text, action.choices);
    if (!first) return { kind: 'done' };
    // An edit without choices leaves the message's buttons as they are; one whose choices moved to a later piece clears them.
    const body = { ...first, ...(action.choices && !first.components ? { components: [] } : {}) };
    const held = viaInteraction.get(action.messageRef);
    if (held) {
      await held.interaction.editReply({ ...body, message: held.messageId });
      const flags = held.ephemeral ? MessageFlags.Ephemeral : undefined;
      for (const payload of rest) remember(await held.interaction.followUp({ ...payload, ...(flags ? { flags } : {}) }), held.interaction);
      return { kind: 'done' };
    }
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isTextBased() || !channel.isSendable()) throw new Error('edited message is in no text channel');
    await channel.messages.edit(messageId, body);
    for (const payload of rest) await channel.send(payload);
    return { kind: 'done' };
  }

  async function form(action: FormAction): Promise<ActionResult> {
    if (await givenBefore(action)) return { kind: 'done' };
    const pending = deadlines.answering(action.replyTo);
    const interaction = pending?.interaction;
    if (pending?.open && interaction && !interaction.isModalSubmit()) {
      pending.modalShown();
      await unlessAnswered(() => interaction.showModal(formModal(action.formId, action.title, action.fields)));
      return { kind: 'done' };
    }
    // Too late for a modal on this interaction: offer a button that opens it.
    const key = String((formCount += 1));
    waitingForms.set(key, action);
    if (waitingForms.size > 500) waitingForms.delete(waitingForms.keys().next().value ?? key);
    const payload: ReplyPayload = { content: clip(plainText(action.title), MESSAGE_LIMIT), components: [formButton(key, action.title)], allowedMentions: noMentions };
    if (pending) await viaPending(pending, [payload], true);
    else await toUser(action.userId, [payload], action.keptAs);
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
    replyHandle(eventId) {
      const interaction = deadlines.answering(eventId)?.interaction;
      return interaction ? `${interaction.applicationId}/${interaction.token}` : undefined;
    },
  };
}
