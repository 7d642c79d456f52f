import type { DiscordDouble, StoredMessage } from '../../doubles/discord';

interface ApiComponent {
  type: number;
  custom_id?: string;
  components?: ApiComponent[];
}

/** The custom ids of a message's buttons, in the order a person sees them. */
export function buttonsOf(message: StoredMessage): string[] {
  return (message.components as ApiComponent[]).flatMap((row) => (row.components ?? []).filter((c) => c.type === 2).map((c) => c.custom_id ?? ''));
}

/** Drives the double like a person: waits for the bot to answer each interaction before going on. */
export function createPerson(double: DiscordDouble, settle: () => Promise<void>) {
  const answered = async (handle: { id: string }) => {
    const callback = await double.waitForInteractionResponse(handle.id, 4_000);
    await settle();
    return callback;
  };
  return {
    answered,
    /** Presses the `position`-th button of the newest bot message with buttons in a channel. */
    async press(channelId: string, userId: string, position: number) {
      const message = [...double.botMessages(channelId)].reverse().find((m) => buttonsOf(m).length > 0);
      const customId = message ? buttonsOf(message)[position - 1] : undefined;
      if (!message || !customId) throw new Error(`no button ${position} in channel ${channelId}`);
      return answered(double.clickButton({ customId, userId, channelId, messageId: message.id }));
    },
    /** Sends the newest modal shown to this person. */
    async fill(channelId: string, userId: string, fields: Record<string, string>) {
      const shown = [...double.state.interactions.values()].reverse().find((i) => i.userId === userId && i.callbacks[0]?.type === 9);
      const customId = shown?.callbacks[0]?.data.custom_id;
      if (typeof customId !== 'string') throw new Error('no modal was shown');
      return answered(double.submitModal({ customId, fields, userId, channelId, layout: 'labels' }));
    },
    async say(channelId: string, userId: string, text: string) {
      double.sendMessage({ channelId, authorId: userId, content: text });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await settle();
    },
  };
}
