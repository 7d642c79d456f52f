import type { App, BlockAction, SlackAction } from '@slack/bolt';
import type { InboundEvent } from '../../src/core/events';
import type { Logger } from '../../src/core/log';
import type { PendingForms, Triggers } from './forms';
import { actionEventId, choiceEvent, commandEvent, commandEventId, formEvent, messageEvent, PLATFORM, type ViewValues } from './inbound';
import { OPEN_FORM_PREFIX, type createSlackOutbox } from './outbound';
import type { People } from './people';

export interface ListenerDeps {
  people: People;
  triggers: Triggers;
  pendingForms: PendingForms;
  outbox: ReturnType<typeof createSlackOutbox>;
  say(userId: string | undefined, key: string): Promise<string>;
  /** Runs after the ack: builds the core event, then gives it to the bot. */
  handleLater(build: () => Promise<InboundEvent | undefined>): void;
  log: Logger;
  formCallback: string;
  botUserId?: string;
}

/** Message subtypes that are still a person speaking. */
const SPOKEN_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

interface MessageLike {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
}

function selected(action: BlockAction['actions'][number]): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}

/** Bolt listeners: each acknowledges at once and leaves the work for afterwards. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { people, triggers, handleLater, log } = deps;

  app.command(/^\/\w+/, async ({ command, ack }) => {
    await ack();
    triggers.remember(commandEventId(command.trigger_id), command.trigger_id);
    handleLater(async () => commandEvent(command, await people.describe(command.user_id, command.user_name)));
  });

  app.action<SlackAction>(/^cg_(choice|select)_\d+$/, async ({ body, ack }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const action = body.actions[0];
    const value = action ? selected(action) : undefined;
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (!action || !value || typeof channel !== 'string') return;
    if (value.startsWith(OPEN_FORM_PREFIX)) {
      const form = deps.pendingForms.get(value.slice(OPEN_FORM_PREFIX.length));
      if (form) {
        await deps.outbox.openForm(form, body.trigger_id).catch((error: unknown) => log.warn({ platform: PLATFORM, err: (error as Error).message }, 'modal did not open'));
      } else {
        await deps.outbox.perform({ kind: 'send', to: { kind: 'direct', platform: PLATFORM, userId: body.user.id }, text: await deps.say(body.user.id, 'slack.form.gone') });
      }
      return;
    }
    triggers.remember(actionEventId(action.action_ts, body.user.id), body.trigger_id);
    const team = body.team?.id ?? body.user.team_id ?? '';
    const message = body.message as { thread_ts?: string } | undefined;
    handleLater(async () =>
      choiceEvent({ team, channel, thread: message?.thread_ts, value, actionTs: action.action_ts }, await people.describe(body.user.id, body.user.name)),
    );
  });

  app.view(deps.formCallback, async ({ view, body, ack }) => {
    await ack();
    handleLater(async () =>
      formEvent({ viewId: view.id, metadata: view.private_metadata, values: view.state.values as ViewValues }, await people.describe(body.user.id, body.user.name)),
    );
  });

  const onMessage = (event: MessageLike, team: string): void => {
    if (event.subtype !== undefined && !SPOKEN_SUBTYPES.has(event.subtype)) return;
    const user = event.user;
    if (!user || event.bot_id || user === deps.botUserId) return;
    handleLater(async () =>
      messageEvent(
        { team, channel: event.channel, channelType: event.channel_type, ts: event.ts, threadTs: event.thread_ts, text: event.text ?? '', botUserId: deps.botUserId },
        await people.describe(user),
      ),
    );
  };

  app.event('message', async ({ event, body }) => {
    onMessage(event as unknown as MessageLike, body.team_id);
  });
  app.event('app_mention', async ({ event, body }) => {
    onMessage({ ...event, type: 'message', subtype: undefined } as MessageLike, body.team_id);
  });
}
