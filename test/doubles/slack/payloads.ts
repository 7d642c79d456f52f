/**
 * Builders for what Slack sends to an app, shaped like the real thing. The same payloads travel
 * over HTTP (signed-requests.ts) and over Socket Mode (socket-mode.ts).
 */
import { DEFAULT_BOT, DEFAULT_TEAM } from './fixtures';
import type { SlackBotIdentity, SlackTeam } from './fixtures';

export type JsonObject = { [key: string]: unknown };

/** Which workspace and app a payload claims to come from. Defaults to the default world. */
export interface PayloadIdentity {
  team?: SlackTeam;
  bot?: SlackBotIdentity;
}

let sequence = 0;
function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/** A unique id that looks like Slack's (`Ev0123ABC`, `1234.5678.abcdef`...). */
export function slackId(prefix: string): string {
  const n = nextSequence();
  const random = Math.random().toString(36).slice(2, 8).toUpperCase();
  return `${prefix}${n.toString(36).toUpperCase().padStart(4, '0')}${random}`;
}

export function newTriggerId(): string {
  const n = nextSequence();
  return `${Date.now()}.${n}.${Math.random().toString(16).slice(2, 18)}`;
}

export interface EventEnvelopeOptions extends PayloadIdentity {
  eventId?: string;
  eventTime?: number;
}

/** The `event_callback` envelope around an Events API event. */
export function eventCallback(event: JsonObject, options: EventEnvelopeOptions = {}): JsonObject {
  const team = options.team ?? DEFAULT_TEAM;
  const bot = options.bot ?? DEFAULT_BOT;
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    context_team_id: team.id,
    context_enterprise_id: null,
    api_app_id: bot.appId,
    event,
    type: 'event_callback',
    event_id: options.eventId ?? slackId('Ev'),
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team.id, user_id: bot.userId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${slackId('ctx')}`,
  };
}

export interface SlashCommandInput extends PayloadIdentity {
  command?: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
}

/** A slash command's fields, exactly the keys Slack form-encodes. */
export function slashCommand(input: SlashCommandInput): Record<string, string> {
  const team = input.team ?? DEFAULT_TEAM;
  const bot = input.bot ?? DEFAULT_BOT;
  return {
    token: 'legacy-verification-token',
    team_id: team.id,
    team_domain: team.domain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? 'unknown',
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id,
    command: input.command ?? '/cg',
    text: input.text ?? '',
    api_app_id: bot.appId,
    is_enterprise_install: 'false',
    response_url: input.response_url ?? `https://hooks.slack.invalid/commands/${team.id}/${slackId('')}`,
    trigger_id: input.trigger_id ?? newTriggerId(),
  };
}

export interface BlockActionInput extends PayloadIdentity {
  user_id: string;
  user_name?: string;
  /** One or more actions; `type` defaults to `button`, `block_id` to a generated one. */
  actions: Array<{ action_id: string; value?: string; block_id?: string; type?: string } & JsonObject>;
  channel_id?: string;
  /** The message the buttons were on (for message buttons). */
  message?: JsonObject & { ts: string };
  /** The view the actions were in (for modal or home tab buttons). */
  view?: JsonObject;
  trigger_id?: string;
  response_url?: string;
}

export function blockActions(input: BlockActionInput): JsonObject {
  const team = input.team ?? DEFAULT_TEAM;
  const bot = input.bot ?? DEFAULT_BOT;
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  const actions = input.actions.map((a) => ({
    type: 'button',
    block_id: slackId('b'),
    action_ts: actionTs,
    ...a,
  }));
  const payload: JsonObject = {
    type: 'block_actions',
    user: { id: input.user_id, username: input.user_name ?? input.user_id, name: input.user_name ?? input.user_id, team_id: team.id },
    api_app_id: bot.appId,
    token: 'legacy-verification-token',
    trigger_id: input.trigger_id ?? newTriggerId(),
    team: { id: team.id, domain: team.domain },
    enterprise: null,
    is_enterprise_install: false,
    actions,
  };
  if (input.view !== undefined) {
    payload.container = { type: 'view', view_id: input.view.id };
    payload.view = input.view;
  } else if (input.message !== undefined && input.channel_id !== undefined) {
    payload.container = { type: 'message', message_ts: input.message.ts, channel_id: input.channel_id, is_ephemeral: false };
    payload.message = input.message;
  }
  if (input.channel_id !== undefined) payload.channel = { id: input.channel_id, name: 'unknown' };
  if (input.response_url !== undefined) payload.response_url = input.response_url;
  return payload;
}

export interface ViewSubmissionInput extends PayloadIdentity {
  user_id: string;
  user_name?: string;
  callback_id: string;
  /** `state.values`: `{ blockId: { actionId: { type, value } } }`. */
  values?: JsonObject;
  private_metadata?: string;
  view_id?: string;
  /** The rest of the view, merged over the generated one. */
  view?: JsonObject;
  trigger_id?: string;
  response_urls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

export function viewSubmission(input: ViewSubmissionInput): JsonObject {
  const team = input.team ?? DEFAULT_TEAM;
  const bot = input.bot ?? DEFAULT_BOT;
  const viewId = input.view_id ?? slackId('V');
  return {
    type: 'view_submission',
    team: { id: team.id, domain: team.domain },
    user: { id: input.user_id, username: input.user_name ?? input.user_id, name: input.user_name ?? input.user_id, team_id: team.id },
    api_app_id: bot.appId,
    token: 'legacy-verification-token',
    trigger_id: input.trigger_id ?? newTriggerId(),
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: viewId,
      team_id: team.id,
      type: 'modal',
      blocks: [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id,
      state: { values: input.values ?? {} },
      hash: `${Date.now()}.${slackId('h')}`,
      title: { type: 'plain_text', text: 'Form' },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: bot.appId,
      external_id: '',
      app_installed_team_id: team.id,
      bot_id: bot.botId,
      ...input.view,
    },
    response_urls: input.response_urls ?? [],
  };
}
