import type { StoredMessage } from '../../doubles/slack/index';
import type { SlackFixture } from './slack-fixture';
import { blockText } from './slack-fixture';

export interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}

export function buttonsOf(message: StoredMessage | undefined): Button[] {
  return (message?.blocks ?? []).flatMap((b) => ((b as { elements?: Button[] }).elements ?? [])).filter((e) => e.type === 'button');
}

/** What one person does in Slack, by handle (`maria`), waiting each time until the bot is done. */
export function createSlackPerson(f: SlackFixture) {
  const id = (name: string) => f.double.world.users.find((u) => u.name === name)?.id ?? name;
  /** The newest message with buttons this person can see in a channel (ephemeral ones included). */
  const withButtons = (channel: string, user: string) =>
    [...f.double.messages].reverse().find((m) => m.channel === channel && m.deleted !== true && (m.ephemeralTo === undefined || m.ephemeralTo === id(user)) && buttonsOf(m).length > 0);
  return {
    dmOf: (user: string) => f.double.world.channels.find((c) => c.isIm === true && c.user === id(user))?.id ?? '',
    /** Every text the person can read in a channel (shared and their own ephemeral), oldest first. */
    sees: (channel: string, user: string) =>
      f.double.messages.filter((m) => m.channel === channel && m.deleted !== true && (m.ephemeralTo === undefined || m.ephemeralTo === id(user))).map((m) => blockText(m.blocks) ?? m.text ?? ''),
    async command(user: string, channel: string, text: string) {
      await f.inbound.slashCommand({ user, channel, text });
      await f.settle();
    },
    async press(user: string, channel: string, position: number) {
      const message = withButtons(channel, user);
      const button = buttonsOf(message)[position - 1];
      if (!message || !button) throw new Error(`${user} sees no button ${position} in ${channel}`);
      await f.inbound.blockAction({ user, actionId: button.action_id, value: button.value, channel, messageTs: message.ts });
      await f.settle();
    },
    async pressValue(user: string, channel: string, message: StoredMessage, endsWith: string) {
      const button = buttonsOf(message).find((b) => b.value.endsWith(endsWith));
      if (!button) throw new Error(`no button ending ${endsWith}`);
      await f.inbound.blockAction({ user, actionId: button.action_id, value: button.value, channel, messageTs: message.ts });
      await f.settle();
    },
    async fill(user: string, values: Record<string, string>) {
      const view = f.double.views.at(-1);
      if (!view) throw new Error('no modal was opened');
      const shown = view.view as { callback_id: string; private_metadata: string };
      const state = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value: { type: 'plain_text_input', value } }]));
      await f.inbound.viewSubmission({ user, callbackId: shown.callback_id, privateMetadata: shown.private_metadata, values: state, viewId: view.id });
      await f.settle();
    },
    async say(user: string, channel: string, text: string) {
      await f.inbound.message({ user, channel, text });
      await f.settle();
    },
  };
}
