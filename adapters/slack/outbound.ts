import { createHash, randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Action, ActionResult, Choice } from '../../src/core/actions';
import type { Outbox } from '../../src/core/bot';
import type { ConversationRef } from '../../src/core/events';
import type { Logger } from '../../src/core/log';
import { renderMessages, renderSingle } from './blocks';
import type { ChannelDirectory } from './channels';
import { modalView, type FormAction, type PendingForms, type Triggers } from './forms';
import { PLATFORM } from './inbound';
import { decodeMessageRef, encodeMessageRef } from './message-ref';

/** The metadata event type of a kept answer's messages: its payload names the answer and the message's place in it. */
export const ANSWER_EVENT = 'commonground_answer';
/** How many of a place's latest messages are looked through for a kept answer sent before a crash. */
export const ANSWER_LOOKBACK = 100;

/**
 * The identity a kept answer's messages carry in their metadata: a digest of the bot's identity for
 * it (metadata is readable by every app in the workspace, and the event id may name a person).
 */
export function answerTag(keptAs: string): string {
  return createHash('sha256').update(keptAs).digest('base64url').slice(0, 24);
}

/** A kept answer's identity, and whether it is sent again by a process that found it still kept. */
type Kept = Pick<Send, 'keptAs' | 'resent'>;

/** A choice value that opens a form kept by the adapter (never reaches the core). */
export const OPEN_FORM_PREFIX = 'cg-open-form:';

export interface OutboundDeps {
  client: webApi.WebClient;
  channels: ChannelDirectory;
  triggers: Triggers;
  pendingForms: PendingForms;
  /** A sentence of the adapter's own, in the person's language. */
  say(userId: string | undefined, key: string): Promise<string>;
  log: Logger;
  /** The bot's own user id (never invited: it is already in what it creates). */
  botUserId?: string;
}

type Send = Extract<Action, { kind: 'send' }>;
type OpenSpace = Extract<Action, { kind: 'open-space' }>;

export function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A private channel name Slack accepts: lower-case letters, digits, `-` and `_`, unique. */
export function channelName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'cg'}-${randomBytes(3).toString('hex')}`;
}

/** Performs the core's actions with the Slack Web API. */
/** People type every command after `/cg`: the core writes `/cg feedback` where it would write `/feedback`. */
export const SLACK_COMMAND_PREFIX = '/cg ';

export function createSlackOutbox(deps: OutboundDeps): Outbox & { openForm(form: FormAction, triggerId: string): Promise<void> } {
  const { client, channels, log } = deps;

  async function channelOf(ref: ConversationRef): Promise<string | undefined> {
    return channels.idOf(ref.channel);
  }

  /**
   * The messages of a kept answer already in a place (by their part number): Slack has no
   * idempotency key, so an answer sent again after a crash is looked for among the place's latest
   * messages, by the metadata it was posted with. When the look fails, nothing is found (the answer
   * is sent: a second copy is better than none).
   */
  async function alreadyPosted(channel: string, thread: string | undefined, keptAs: string): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const tag = answerTag(keptAs);
    try {
      const page = thread
        ? await client.conversations.replies({ channel, ts: thread, include_all_metadata: true, limit: ANSWER_LOOKBACK })
        : await client.conversations.history({ channel, include_all_metadata: true, limit: ANSWER_LOOKBACK });
      for (const message of page.messages ?? []) {
        const metadata = (message as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
        if (metadata?.event_type !== ANSWER_EVENT || metadata.event_payload?.answer !== tag || !message.ts) continue;
        found.set(Number(metadata.event_payload.part), message.ts);
      }
    } catch (error) {
      log.warn({ platform: PLATFORM, err: errorCode(error) ?? (error as Error).message }, 'could not look for an answer sent before a restart; sending it');
    }
    return found;
  }

  async function postAll(channel: string, thread: string | undefined, text: string, choices: Choice[] | undefined, placeholder: string, kept: Kept = {}): Promise<string> {
    let last = '';
    const posted = kept.keptAs && kept.resent ? await alreadyPosted(channel, thread, kept.keptAs) : new Map<number, string>();
    for (const [part, message] of renderMessages(text, choices, placeholder).entries()) {
      const there = posted.get(part);
      if (there) {
        last = there;
        continue;
      }
      // A kept answer's messages say which answer they are, so a process sending it again can find them.
      const metadata = kept.keptAs ? { metadata: { event_type: ANSWER_EVENT, event_payload: { answer: answerTag(kept.keptAs), part } } } : {};
      const answer = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(thread ? { thread_ts: thread } : {}), unfurl_links: false, unfurl_media: false, ...metadata });
      last = answer.ts ?? last;
    }
    if (posted.size > 0) log.info({ platform: PLATFORM, found: posted.size }, 'an answer sent before a restart was found; not sending it again');
    return encodeMessageRef({ kind: 'posted', channel, ts: last });
  }

  async function postDirect(userId: string, action: Pick<Send, 'text' | 'choices'> & Kept, placeholder: string): Promise<{ channel: string; messageRef: string }> {
    const channel = await channels.directWith(userId);
    return { channel, messageRef: await postAll(channel, undefined, action.text, action.choices, placeholder, action) };
  }

  /**
   * A private reply, ephemeral in the channel. Slack keeps no ephemeral message (no history lists
   * it), so a kept answer sent again this way cannot be looked for, and may be shown twice.
   */
  async function postPrivate(ref: ConversationRef, userId: string, action: Pick<Send, 'text' | 'choices'> & Kept, placeholder: string): Promise<string> {
    const channel = await channelOf(ref);
    try {
      if (!channel) throw new Error('unknown channel');
      for (const message of renderMessages(action.text, action.choices, placeholder)) {
        await client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks, ...(ref.thread ? { thread_ts: ref.thread } : {}) });
      }
      return encodeMessageRef({ kind: 'ephemeral', channel, user: userId, ...(ref.thread ? { thread: ref.thread } : {}) });
    } catch (error) {
      // Not in the channel (or the bot is not): a direct message keeps it private all the same.
      log.info({ platform: PLATFORM, err: errorCode(error) ?? (error as Error).message }, 'private reply sent as a direct message');
      return (await postDirect(userId, action, placeholder)).messageRef;
    }
  }

  async function upload(channel: string, thread: string | undefined, attachment: NonNullable<Send['attachment']>): Promise<void> {
    const file = { channel_id: channel, file: Buffer.from(attachment.data), filename: attachment.name };
    await client.filesUploadV2(thread ? { ...file, thread_ts: thread } : file);
  }

  async function send(action: Send): Promise<ActionResult> {
    const to = action.to;
    const placeholder = await deps.say(to.kind === 'conversation' ? undefined : to.userId, 'slack.choose');
    if (to.kind === 'direct' || (to.kind === 'private' && to.ref.direct)) {
      const userId = to.userId;
      const posted = to.kind === 'private' ? { channel: to.ref.channel, messageRef: await postAll(to.ref.channel, undefined, action.text, action.choices, placeholder, action) } : await postDirect(userId, action, placeholder);
      if (action.attachment) await upload(posted.channel, undefined, action.attachment);
      return { kind: 'sent', messageRef: posted.messageRef };
    }
    if (to.kind === 'private') {
      const messageRef = await postPrivate(to.ref, to.userId, action, placeholder);
      if (action.attachment) await upload(await channels.directWith(to.userId), undefined, action.attachment);
      return { kind: 'sent', messageRef };
    }
    const channel = await channelOf(to.ref);
    if (!channel) return { kind: 'done' };
    const messageRef = await postAll(channel, to.ref.thread, action.text, action.choices, placeholder, action);
    if (action.attachment) await upload(channel, to.ref.thread, action.attachment);
    return { kind: 'sent', messageRef };
  }

  async function edit(action: Extract<Action, { kind: 'edit' }>): Promise<ActionResult> {
    const ref = decodeMessageRef(action.messageRef);
    if (!ref) return { kind: 'done' };
    const placeholder = await deps.say(ref.kind === 'ephemeral' ? ref.user : undefined, 'slack.choose');
    if (ref.kind === 'posted') {
      // A long answer replacing "Working on it…": the message holds its first part, the rest follows it in the same place.
      const [first, ...rest] = renderMessages(action.text, action.choices, placeholder);
      if (!first) return { kind: 'done' };
      await client.chat.update({ channel: ref.channel, ts: ref.ts, text: first.text, blocks: first.blocks });
      const thread = action.ref.thread;
      for (const message of rest) await client.chat.postMessage({ channel: ref.channel, text: message.text, blocks: message.blocks, ...(thread ? { thread_ts: thread } : {}), unfurl_links: false, unfurl_media: false });
      return { kind: 'done' };
    }
    // Slack cannot edit an ephemeral message from the Web API: the new text follows it.
    await postPrivate({ platform: PLATFORM, space: action.ref.space, channel: ref.channel, ...(ref.thread ? { thread: ref.thread } : {}), direct: false }, ref.user, action, placeholder);
    return { kind: 'done' };
  }

  async function openForm(form: FormAction, triggerId: string): Promise<void> {
    const labels = { submit: await deps.say(form.userId, 'slack.form.submit'), cancel: await deps.say(form.userId, 'slack.form.cancel') };
    await client.views.open({ trigger_id: triggerId, view: modalView(form, labels) });
  }

  async function form(action: FormAction): Promise<ActionResult> {
    // The trigger of the event this form answers (`replyTo`), as the core names it.
    const trigger = deps.triggers.take(action.replyTo ?? action.userId);
    if (trigger) {
      try {
        await openForm(action, trigger);
        return { kind: 'done' };
      } catch (error) {
        log.info({ platform: PLATFORM, err: errorCode(error) ?? (error as Error).message }, 'modal did not open; offering a button');
      }
    }
    // The trigger is gone (Slack gives 3 seconds): a button brings a fresh one.
    const key = deps.pendingForms.add(action);
    const text = await deps.say(action.userId, 'slack.form.later');
    const choices = [{ value: `${OPEN_FORM_PREFIX}${key}`, label: await deps.say(action.userId, 'slack.form.open'), style: 'primary' as const }];
    const placeholder = await deps.say(action.userId, 'slack.choose');
    if (action.ref.direct) await postAll(action.ref.channel, undefined, text, choices, placeholder, action);
    else await postPrivate(action.ref, action.userId, { text, choices }, placeholder);
    return { kind: 'done' };
  }

  async function openSpace(action: OpenSpace): Promise<ActionResult> {
    if (action.private) {
      const created = await client.conversations.create({ name: channelName(action.name), is_private: true });
      const channel = created.channel?.id;
      if (!channel) return { kind: 'done' };
      if (created.channel?.name) channels.remember(created.channel.name, channel);
      const members = [...new Set(action.members)].filter((m) => m !== deps.botUserId);
      if (members.length > 0) await client.conversations.invite({ channel, users: members.join(',') });
      return { kind: 'space', ref: { platform: PLATFORM, space: action.parent.space, channel, direct: false } };
    }
    const channel = await channelOf(action.parent);
    if (!channel) return { kind: 'done' };
    const name = renderSingle(action.name);
    const root = await client.chat.postMessage({ channel, text: name.text, blocks: name.blocks });
    if (!root.ts) return { kind: 'done' };
    return { kind: 'space', ref: { platform: PLATFORM, space: action.parent.space, channel, thread: root.ts, direct: false } };
  }

  async function addMember(action: Extract<Action, { kind: 'add-member' }>): Promise<ActionResult> {
    const channel = await channelOf(action.ref);
    if (!channel) return { kind: 'done' };
    try {
      await client.conversations.invite({ channel, users: action.userId });
    } catch (error) {
      if (errorCode(error) !== 'already_in_channel') throw error;
    }
    return { kind: 'done' };
  }

  return {
    commandPrefix: SLACK_COMMAND_PREFIX,
    openForm,
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
  };
}
