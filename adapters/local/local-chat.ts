import type { Bot, Outbox } from '../../src/core/bot';
import type { Action, ActionResult, Choice } from '../../src/core/actions';
import type { ConversationRef, InboundEvent } from '../../src/core/events';
import { splitArgs } from '../../src/core/text';
import { renderAction } from './render';

export const LOCAL_PLATFORM = 'local';
const SPACE = 'local';

interface Persona {
  id: string;
  roles: string[];
}

export interface LocalChatOptions {
  bot: Bot;
  /** Where the chat's lines go (the terminal, or a test's transcript). */
  write(line: string): void;
  /** Echo typed lines as `maria> ...` (useful when reading a transcript from stdin). */
  echo?: boolean;
  /** Saves files the bot attaches (charts); returns where it saved them. */
  saveAttachment?(name: string, data: Uint8Array): Promise<string>;
}

export interface LocalChat {
  /** Handles one typed line and waits until the bot has answered. Returns false after /quit. */
  input(line: string): Promise<boolean>;
  prompt(): string;
  /** Connects the same chat (personas, places, threads) to another bot, e.g. after a restart. */
  attach(bot: Bot): void;
  readonly outbox: Outbox;
}

/**
 * The local chat: type as a named persona in a named channel and see the bot's posts, thread
 * replies, private replies and direct messages, clearly labelled. It turns lines into the core's
 * events and the core's actions into lines, and nothing else.
 */
export function createLocalChat(options: LocalChatOptions): LocalChat {
  const { write } = options;
  let bot = options.bot;
  let persona: Persona = { id: 'guest', roles: [] };
  let place: ConversationRef = { platform: LOCAL_PLATFORM, space: SPACE, channel: 'general', direct: false };
  let sequence = 0;
  let lastEvent: InboundEvent | null = null;
  const threads = new Map<string, { name: string; channel: string }>();
  /** The most recent buttons each persona can see, privately or in a place. */
  const choices = new Map<string, { seq: number; list: Choice[] }>();
  let shown = 0;

  const placeKey = (ref: ConversationRef) => (ref.direct ? `dm:${ref.channel}` : `${ref.channel}/${ref.thread ?? ''}`);
  const places = {
    label(ref: ConversationRef) {
      if (ref.direct) return `DM ${ref.channel}`;
      const thread = ref.thread ? threads.get(ref.thread) : undefined;
      return thread ? `#${ref.channel} › ${thread.name} (${ref.thread})` : `#${ref.channel}`;
    },
  };

  const outbox: Outbox = {
    platformCommands: [
      { usage: '/as <name> [role ...]', description: 'help.local.as' },
      { usage: '/in <channel or thread>', description: 'help.local.in' },
      { usage: '/dm', description: 'help.local.dm' },
      { usage: '/again', description: 'help.local.again' },
      { usage: '/quit', description: 'help.local.quit' },
    ],
    async perform(action: Action): Promise<ActionResult> {
      for (const line of renderAction(action, places, (id) => id)) write(line);
      shown += 1;
      if (action.kind === 'send' && action.choices?.length) {
        const to = action.to;
        const key = to.kind === 'conversation' ? (to.ref.direct ? `user:${to.ref.channel.replace(/^@/, '')}` : `place:${placeKey(to.ref)}`) : `user:${to.userId}`;
        choices.set(key, { seq: shown, list: action.choices });
      }
      if (action.kind === 'send' && action.attachment && options.saveAttachment) {
        write(`    (saved to ${await options.saveAttachment(action.attachment.name, action.attachment.data)})`);
      }
      if (action.kind === 'open-space') {
        const id = `t${threads.size + 1}`;
        threads.set(id, { name: action.name, channel: action.parent.channel });
        write(`    (type /in ${id} to go there)`);
        return { kind: 'space', ref: { platform: LOCAL_PLATFORM, space: SPACE, channel: action.parent.channel, thread: id, direct: false } };
      }
      return action.kind === 'send' ? { kind: 'sent', messageRef: `m${shown}` } : { kind: 'done' };
    },
  };
  bot.attach(LOCAL_PLATFORM, outbox);

  const user = () => ({ id: persona.id, name: persona.id, platformRoles: persona.roles });
  const base = () => ({ eventId: `local-${(sequence += 1)}`, ref: place, user: user(), canOpenForm: false });

  /** A typed number picks the newest buttons the persona can see. */
  function pickChoice(text: string): Choice | undefined {
    if (!/^\d{1,2}$/.test(text)) return undefined;
    const mine = choices.get(`user:${persona.id}`);
    const here = choices.get(`place:${placeKey(place)}`);
    const newest = [mine, here].filter((c) => c !== undefined).sort((a, b) => b.seq - a.seq)[0];
    return newest?.list[Number(text) - 1];
  }

  /** Local-chat commands: `done` (handled here), `quit`, `again` (resend the last event) or `event`. */
  function meta(words: string[]): 'done' | 'quit' | 'again' | 'event' {
    const [command, ...rest] = words;
    switch (command) {
      case '/as': {
        const name = rest[0];
        if (name) persona = { id: name.toLowerCase(), roles: rest.slice(1) };
        else write('(local chat) Type /as <name> [role ...], for example: /as li social_worker');
        return 'done';
      }
      case '/in': {
        const target = rest[0]?.replace(/^#/, '');
        if (!target) {
          write('(local chat) Type /in <channel> or /in <thread id>, for example: /in general');
          return 'done';
        }
        const thread = threads.get(target);
        place = thread
          ? { platform: LOCAL_PLATFORM, space: SPACE, channel: thread.channel, thread: target, direct: false }
          : { platform: LOCAL_PLATFORM, space: SPACE, channel: target, direct: false };
        return 'done';
      }
      case '/dm':
        place = { platform: LOCAL_PLATFORM, space: SPACE, channel: `@${persona.id}`, direct: true };
        return 'done';
      case '/again':
        if (lastEvent) return 'again';
        write('(local chat) There is nothing to send again yet.');
        return 'done';
      case '/quit':
      case '/exit':
        return 'quit';
      default:
        return 'event';
    }
  }

  return {
    outbox,
    attach(next) {
      bot = next;
      bot.attach(LOCAL_PLATFORM, outbox);
    },
    prompt: () => `${persona.id}@${place.direct ? 'dm' : places.label(place)}> `,
    async input(raw) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.trimStart().startsWith('#!')) return true;
      if (options.echo) write(`${persona.id}@${place.direct ? 'dm' : places.label(place)}> ${line}`);
      const words = splitArgs(line.trim());
      const handled = line.startsWith('/') ? meta(words) : 'event';
      if (handled === 'quit') return false;
      if (handled === 'done') return true;
      let event: InboundEvent;
      if (handled === 'again' && lastEvent) {
        event = lastEvent;
      } else if (line.startsWith('/')) {
        const [name, ...args] = words;
        event = { kind: 'command', name: (name ?? '/').slice(1).toLowerCase(), args, options: {}, ...base() };
      } else {
        const choice = pickChoice(line.trim());
        event = choice ? { kind: 'choice', value: choice.value, ...base() } : { kind: 'message', text: line, ...base() };
      }
      lastEvent = event;
      await bot.handle(event);
      await bot.idle();
      return true;
    },
  };
}
