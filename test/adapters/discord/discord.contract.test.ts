import { describeAdapterContract } from '../contract/adapter-contract';
import { createRecordingBot } from '../contract/recording-bot';
import { riverside, type StoredMessage } from '../../doubles/discord';
import { startDiscordRig } from './discord-fixture';

const { users, channels } = riverside;

interface ApiComponent {
  type: number;
  custom_id?: string;
  components?: ApiComponent[];
  options?: { value: string }[];
}

/** Buttons and select options of a message, in the order a person sees them. */
function picks(message: StoredMessage): { customId: string; value?: string }[] {
  return (message.components as ApiComponent[]).flatMap((row) =>
    (row.components ?? []).flatMap((c) =>
      c.type === 2 ? [{ customId: c.custom_id ?? '' }] : (c.options ?? []).map((o) => ({ customId: c.custom_id ?? '', value: o.value })),
    ),
  );
}

describeAdapterContract('discord', async () => {
  const bot = createRecordingBot([{ name: 'ping', roles: ['resident'], description: 'core.help.intro', run: async () => undefined }]);
  const rig = await startDiscordRig(bot);
  const { double } = rig;
  const shared = () => double.botMessages(channels.general).filter((m) => (m.flags & 64) === 0);
  let expected = 0;
  const next = async () => bot.handled((expected += 1));
  const given: string[] = [];
  return {
    bot,
    messageLimit: 2000,
    forms: true,
    async say(text) {
      given.push(double.sendMessage({ channelId: channels.general, authorId: users.maria, content: `<@${riverside.botId}> ${text}` }).id);
      await next();
    },
    async command(name) {
      const { id } = double.sendSlashCommand({ name, userId: users.maria, channelId: channels.general });
      given.push(id);
      await next();
      await double.waitForInteractionResponse(id);
    },
    async choose(position) {
      const message = [...shared()].reverse().find((m) => m.components.length > 0);
      if (!message) throw new Error('no message with choices');
      const pick = picks(message)[position - 1];
      if (!pick) throw new Error(`no choice ${position}`);
      const input = { customId: pick.customId, userId: users.maria, channelId: channels.general, messageId: message.id };
      const { id } = pick.value ? double.selectMenu({ ...input, values: [pick.value] }) : double.clickButton(input);
      given.push(id);
      await next();
      await double.waitForInteractionResponse(id);
    },
    async fillForm(values) {
      const shown = [...double.state.interactions.values()].reverse().find((i) => i.callbacks[0]?.type === 9);
      const customId = shown?.callbacks[0]?.data.custom_id;
      if (typeof customId !== 'string') throw new Error('no modal was shown');
      const { id } = double.submitModal({ customId, fields: values, userId: users.maria, channelId: channels.general, layout: 'labels' });
      given.push(id);
      await next();
      await double.waitForInteractionResponse(id);
    },
    platformIds: () => given,
    visible: async () => shared().map((m) => m.content),
    close: () => rig.close(),
  };
});
