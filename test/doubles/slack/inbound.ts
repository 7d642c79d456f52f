/**
 * Convenience senders bound to a Bolt endpoint and a double: people and channels by handle
 * (`maria`, `general`), trigger ids and response URLs minted by the double so `views.open` and
 * `respond()` work end to end.
 */
import { channelId, findChannel, findUser, userId } from './fixtures';
import type { SlackWorld } from './fixtures';
import type { JsonObject } from './payloads';
import {
  sendBlockAction,
  sendEvent,
  sendSlashCommand,
  sendUrlVerification,
  sendViewSubmission,
} from './signed-requests';
import type { EventSendOptions, SendOptions, SendResult } from './signed-requests';
import type { SlackDouble } from './slack-double';

export interface InboundOptions {
  /** Bolt's request URL, e.g. `boltEventsUrl(port)`. */
  url: string;
  double: SlackDouble;
  /** Defaults to the double's world signing secret. */
  signingSecret?: string;
}

export interface Inbound {
  event(event: JsonObject, options?: EventSendOptions): Promise<SendResult>;
  message(input: { user: string; channel: string; text: string; threadTs?: string; ts?: string }, options?: EventSendOptions): Promise<SendResult>;
  appMention(input: { user: string; channel: string; text: string; threadTs?: string }, options?: EventSendOptions): Promise<SendResult>;
  slashCommand(input: { user: string; channel: string; text?: string; command?: string }, options?: SendOptions): Promise<SendResult>;
  blockAction(
    input: { user: string; actionId: string; value?: string; channel?: string; messageTs?: string; view?: JsonObject; blockId?: string },
    options?: SendOptions,
  ): Promise<SendResult>;
  viewSubmission(
    input: { user: string; callbackId: string; values?: JsonObject; privateMetadata?: string; viewId?: string },
    options?: SendOptions,
  ): Promise<SendResult>;
  urlVerification(challenge?: string, options?: SendOptions): Promise<SendResult>;
}

let eventTsCounter = 0;
function eventTs(): string {
  eventTsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(eventTsCounter).padStart(6, '0')}`;
}

function channelType(world: SlackWorld, id: string): string {
  const channel = findChannel(world, id) ?? world.channels.find((c) => c.id === id);
  if (channel?.isIm === true) return 'im';
  if (channel?.isMpim === true) return 'mpim';
  return channel?.isPrivate === true ? 'group' : 'channel';
}

export function createInbound({ url, double, signingSecret }: InboundOptions): Inbound {
  const world = double.world;
  const secret = signingSecret ?? world.signingSecret;
  const identity = { team: world.team, bot: world.bot };
  const name = (id: string): string => findUser(world, id)?.name ?? id;

  const inbound: Inbound = {
    event: (event, options = {}) => sendEvent(url, secret, event, { ...identity, ...options }),
    message(input, options) {
      const channel = channelId(world, input.channel);
      return inbound.event(
        {
          type: 'message',
          user: userId(world, input.user),
          text: input.text,
          ts: input.ts ?? eventTs(),
          channel,
          channel_type: channelType(world, channel),
          team: world.team.id,
          ...(input.threadTs !== undefined ? { thread_ts: input.threadTs } : {}),
        },
        options,
      );
    },
    appMention(input, options) {
      return inbound.event(
        {
          type: 'app_mention',
          user: userId(world, input.user),
          text: input.text,
          ts: eventTs(),
          channel: channelId(world, input.channel),
          team: world.team.id,
          ...(input.threadTs !== undefined ? { thread_ts: input.threadTs } : {}),
        },
        options,
      );
    },
    slashCommand(input, options) {
      const channel = channelId(world, input.channel);
      return sendSlashCommand(
        url,
        secret,
        {
          ...identity,
          command: input.command ?? '/cg',
          text: input.text ?? '',
          user_id: userId(world, input.user),
          user_name: name(input.user),
          channel_id: channel,
          channel_name: findChannel(world, channel)?.name ?? 'directmessage',
          trigger_id: double.triggerId(),
          response_url: double.responseUrl(),
        },
        options,
      );
    },
    blockAction(input, options) {
      const channel = input.channel === undefined ? undefined : channelId(world, input.channel);
      const message = input.messageTs === undefined ? undefined : { type: 'message', ts: input.messageTs, text: '' };
      return sendBlockAction(
        url,
        secret,
        {
          ...identity,
          user_id: userId(world, input.user),
          user_name: name(input.user),
          actions: [
            {
              action_id: input.actionId,
              ...(input.value !== undefined ? { value: input.value } : {}),
              ...(input.blockId !== undefined ? { block_id: input.blockId } : {}),
            },
          ],
          ...(channel !== undefined ? { channel_id: channel } : {}),
          ...(message !== undefined ? { message } : {}),
          ...(input.view !== undefined ? { view: input.view } : {}),
          trigger_id: double.triggerId(),
          ...(input.view === undefined ? { response_url: double.responseUrl() } : {}),
        },
        options,
      );
    },
    viewSubmission(input, options) {
      return sendViewSubmission(
        url,
        secret,
        {
          ...identity,
          user_id: userId(world, input.user),
          user_name: name(input.user),
          callback_id: input.callbackId,
          values: input.values ?? {},
          private_metadata: input.privateMetadata ?? '',
          ...(input.viewId !== undefined ? { view_id: input.viewId } : {}),
          trigger_id: double.triggerId(),
        },
        options,
      );
    },
    urlVerification: (challenge, options) => sendUrlVerification(url, secret, challenge, options),
  };
  return inbound;
}
