import { randomBytes } from 'node:crypto';
import type { Action } from '../../src/core/actions';
import type { Bot } from '../../src/core/bot';
import type { ChatUser } from '../../src/core/events';

/** The platform name under which the dashboard asks the bot, apart from the chat's own messages. */
export const DASHBOARD_PLATFORM = 'web-dashboard';

/**
 * Asks the bot a command on someone's behalf and returns what it answers them, exactly as the chat
 * would show it to that person (roles and privacy rules applied by the core).
 */
export function createBotAsker(bot: Bot): (user: ChatUser, name: string, args: string[]) => Promise<string[]> {
  const waiting = new Map<string, string[]>();
  /** Where each sent message sits, so an edit (a slow answer replacing "working on it") replaces it. */
  const sent = new Map<string, { replies: string[]; index: number }>();
  const run = randomBytes(6).toString('base64url');
  let sequence = 0;
  bot.attach(DASHBOARD_PLATFORM, {
    async perform(action: Action) {
      if (action.kind === 'edit') {
        const at = sent.get(action.messageRef);
        if (at) at.replies[at.index] = action.text;
        return { kind: 'done' };
      }
      if (action.kind !== 'send') return { kind: 'done' };
      const messageRef = `${run}-${(sequence += 1)}`;
      const replies = action.replyTo ? waiting.get(action.replyTo) : undefined;
      if (replies) sent.set(messageRef, { replies, index: replies.push(action.text) - 1 });
      return { kind: 'sent', messageRef };
    },
  });
  return async (user, name, args) => {
    const eventId = `dashboard-${run}-${(sequence += 1)}`;
    const replies: string[] = [];
    waiting.set(eventId, replies);
    try {
      await bot.handle({ kind: 'command', name, args, options: {}, eventId, ref: { platform: DASHBOARD_PLATFORM, space: 'web', channel: `@${user.id}`, direct: true }, user, canOpenForm: false });
      // Slow commands (summaries) answer after the event is handled.
      await bot.idle();
      return replies;
    } finally {
      waiting.delete(eventId);
      for (const [ref, at] of sent) if (at.replies === replies) sent.delete(ref);
    }
  };
}
