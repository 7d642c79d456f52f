import { silentLogger } from '../../../src/core/log';
import { startSlackAdapter } from '../../../adapters/slack/index';
import { boltEventsUrl, createInbound, createSlackDouble, sendBlockAction, CHANNELS, USERS } from '../../doubles/slack/index';
import type { StoredMessage } from '../../doubles/slack/index';
import { describeAdapterContract } from '../contract/adapter-contract';
import { createRecordingBot } from '../contract/recording-bot';

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: Array<{ value: string; text: { text: string } }>;
}

/** The sections of a message, one entry each, as a person reads them. */
function sections(message: StoredMessage): string[] {
  const blocks = (message.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
  return blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
}

describeAdapterContract('slack', async () => {
  const double = await createSlackDouble();
  const bot = createRecordingBot();
  const env = {
    SLACK_BOT_TOKEN: double.world.tokens.bot,
    SLACK_SIGNING_SECRET: double.world.signingSecret,
    SLACK_API_URL: double.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const adapter = await startSlackAdapter({ bot, community: bot.deps.community, env, log: silentLogger() }, { clientOptions: { retryConfig: { retries: 0 } } });
  const url = boltEventsUrl(adapter.port ?? 0);
  const inbound = createInbound({ url, double });
  let echoed = 0;
  /** The platform's id of each delivery that reaches the bot (null where the double makes it up unseen). */
  const given: (string | null)[] = [];
  let sent = 0;

  /** Slack sends the bot's own posts back as message events; so does this fixture. */
  async function echoBotPosts(): Promise<void> {
    const posts = double.messagesIn(CHANNELS.general);
    for (const post of posts.slice(echoed)) {
      await inbound.event({ type: 'message', user: double.world.bot.userId, bot_id: double.world.bot.botId, text: post.text ?? '', ts: post.ts, channel: CHANNELS.general, channel_type: 'channel' });
    }
    echoed = posts.length;
    await adapter.idle();
  }

  return {
    bot,
    messageLimit: 3000,
    forms: true,
    async say(text) {
      const ts = `1764633600.${String((sent += 1)).padStart(6, '0')}`;
      given.push(ts);
      await inbound.message({ user: 'maria', channel: 'general', text, ts });
      await adapter.idle();
    },
    async command(name) {
      given.push(null);
      await inbound.slashCommand({ user: 'maria', channel: 'general', text: name });
      await adapter.idle();
      await echoBotPosts();
    },
    async choose(position) {
      const message = [...double.messages].reverse().find((m) => (m.blocks ?? []).some((b) => (b as { type: string }).type === 'actions'));
      if (!message) throw new Error('no message with choices');
      const elements = (message.blocks ?? []).flatMap((b) => ((b as { elements?: Element[] }).elements ?? []));
      const buttons = elements.filter((e) => e.type === 'button');
      const options = elements.flatMap((e) => (e.type === 'static_select' ? (e.options ?? []).map((o) => ({ element: e, option: o })) : []));
      const button = buttons[position - 1];
      const picked = options[position - 1];
      const action = button
        ? { action_id: button.action_id, type: 'button', value: button.value ?? '' }
        : picked
          ? { action_id: picked.element.action_id, type: 'static_select', selected_option: { value: picked.option.value, text: picked.option.text } }
          : undefined;
      if (!action) throw new Error(`no choice ${position}`);
      given.push(null);
      await sendBlockAction(url, double.world.signingSecret, {
        team: double.world.team,
        bot: double.world.bot,
        user_id: USERS.maria,
        user_name: 'maria',
        actions: [action],
        channel_id: message.channel,
        message: { type: 'message', ts: message.ts, text: message.text ?? '' },
        trigger_id: double.triggerId(),
        response_url: double.responseUrl(),
      });
      await adapter.idle();
    },
    async fillForm(values) {
      const view = double.views.at(-1);
      if (!view) throw new Error('no form was shown');
      const shown = view.view as { callback_id: string; private_metadata: string };
      const state = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value: { type: 'plain_text_input', value } }]));
      given.push(view.id);
      await inbound.viewSubmission({ user: 'maria', callbackId: shown.callback_id, privateMetadata: shown.private_metadata, values: state, viewId: view.id });
      await adapter.idle();
    },
    platformIds: () => given,
    async visible() {
      return double.messagesIn(CHANNELS.general).flatMap(sections);
    },
    async close() {
      await adapter.stop();
      await double.close();
    },
  };
});
