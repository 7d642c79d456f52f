import { randomBytes } from 'node:crypto';
import type { Bot, Outbox } from '../../src/core/bot';
import type { Action, ActionResult, Choice } from '../../src/core/actions';
import type { ConversationRef, InboundEvent } from '../../src/core/events';
import { MAX_COMMAND_NAME } from '../../src/core/events';
import { splitArgs } from '../../src/core/text';
import type { PlatformRecords } from '../../src/privacy/platform-records';
import { quoteInput, terminalLine } from '../../src/core/terminal-text';
import { inProcessChatMemory, PRINTED_KEPT, type LocalChatMemory, type LocalChatSnapshot } from './memory';
import { createLocalPlaces, LOCAL_PLATFORM } from './places';
import { renderAction } from './render';

export { LOCAL_PLATFORM } from './places';

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
  /** Saves files the bot attaches (charts; a person's export, with their id); returns where it saved them. */
  saveAttachment?(name: string, data: Uint8Array, userId?: string): Promise<string>;
  /** Where the chat keeps what must survive a restart; this process only when absent. */
  memory?: LocalChatMemory;
  /** What an earlier run remembered (see `openLocalChat`). */
  remembered?: LocalChatSnapshot;
}

export interface LocalChat {
  /** Handles one typed line and waits until the bot has answered. Returns false after /quit. */
  input(line: string): Promise<boolean>;
  prompt(): string;
  /** Connects the same chat (personas, places, threads) to another bot, e.g. after a restart. */
  attach(bot: Bot): void;
  /** Says something from the chat itself (not the bot), from the catalogue: `core.local.<key>`. */
  say(key: string, vars?: Record<string, string | number>): void;
  /** After a restart, says who is typing and where, as the last run left it. */
  welcomeBack(): void;
  readonly outbox: Outbox;
  /** What the chat remembers of a person (their buttons; who typed last): counted and erased with their data. */
  readonly records: PlatformRecords;
}

/** A persona's name: letters and digits of any script, with `.`, `_` or `-` inside. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;
const ROLE = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;
/** How many threads `/in` lists when asked for a place that does not exist. */
const THREADS_LISTED = 10;

/** Opens the local chat where the last run on the same data left it. */
export async function openLocalChat(options: LocalChatOptions & { memory: LocalChatMemory }): Promise<LocalChat> {
  // A snapshot that cannot be read is left behind: the chat starts afresh and the runs go on.
  const remembered = await options.memory.load().catch(() => undefined);
  return createLocalChat({ ...options, ...(remembered ? { remembered } : {}) });
}

/**
 * The local chat: type as a named persona in a named channel and see the bot's posts, thread
 * replies, private replies and direct messages, clearly labelled. It turns lines into the core's
 * events and the core's actions into lines, and nothing else.
 */
export function createLocalChat(options: LocalChatOptions): LocalChat {
  const { write } = options;
  const memory = options.memory ?? inProcessChatMemory();
  const past = options.remembered;
  let bot = options.bot;
  const community = bot.deps.community as typeof bot.deps.community | undefined;
  const places = createLocalPlaces(community, past ?? { threads: {}, channels: [] });
  let persona: Persona = past?.persona ?? { id: 'guest', roles: [] };
  let place: ConversationRef = past ? { platform: LOCAL_PLATFORM, space: 'local', ...past.place } : places.channel(community?.homeChannel ?? 'general');
  /** The most recent buttons each persona can see, privately or in a place. */
  const buttons = new Map(Object.entries(past?.buttons ?? {}));
  let shown = past?.shown ?? 0;
  /** The answers shown lately, by identity (read once, when first needed). */
  let printed: Promise<string[]> | undefined;
  const printedList = () => (printed ??= memory.printed().catch(() => []));
  // Ids made here never repeat: a random part for this run, then a count.
  const run = randomBytes(6).toString('base64url');
  let sequence = 0;
  let lastEvent: { event: InboundEvent; what: string } | null = null;

  let saving: Promise<void> = Promise.resolve();
  const remember = () => {
    const snapshot: LocalChatSnapshot = {
      persona,
      place: { channel: place.channel, ...(place.thread ? { thread: place.thread } : {}), direct: place.direct },
      ...places.remembered(),
      buttons: Object.fromEntries(buttons),
      shown,
      // Only people given roles: the chat's memory names nobody else (an erasure finds nothing of them here).
      roles: Object.fromEntries([...rolesGiven].filter(([, roles]) => roles.length > 0)),
    };
    // The chat's memory is a convenience: if the store refuses it, the conversation itself goes on
    // (its runs are saved by the bot), and the next save tries again.
    saving = saving.then(() => memory.save(snapshot)).catch(() => undefined);
    return saving;
  };

  const say = (key: string, vars: Record<string, string | number> = {}) => {
    const catalogue = bot.deps.catalogue;
    write(catalogue.t(bot.deps.community.locale, `core.local.${key}`, vars));
  };
  const placeKey = (ref: ConversationRef) => (ref.direct ? `dm:${ref.channel}` : `${ref.channel}/${ref.thread ?? ''}`);
  const prompt = () => `${terminalLine(persona.id)}@${place.direct ? 'dm' : places.label(place)}> `;

  const outbox: Outbox = {
    platformCommands: [
      { usage: '/as <name> [role ...]', description: 'help.local.as' },
      { usage: '/in <channel or thread>', description: 'help.local.in' },
      { usage: '/dm', description: 'help.local.dm' },
      { usage: '/again', description: 'help.local.again' },
      { usage: '/quit', description: 'help.local.quit' },
    ],
    async perform(action: Action): Promise<ActionResult> {
      const marks = action.kind === 'send' || action.kind === 'edit' || action.kind === 'form' ? action : undefined;
      const kept = marks?.keptAs;
      // An answer sent again after a restart that this chat showed already is not shown twice.
      if (kept !== undefined && marks?.resent && (await printedList()).includes(kept)) return action.kind === 'send' ? { kind: 'sent', messageRef: `${run}-again` } : { kind: 'done' };
      for (const line of renderAction(action, places, (id) => id)) write(line);
      shown += 1;
      const messageRef = `${run}-m${shown}`;
      if (kept !== undefined) {
        // Noted once shown: a stop between the two shows it again (twice rather than never).
        const list = await printedList();
        list.push(kept);
        if (list.length > PRINTED_KEPT) list.splice(0, list.length - PRINTED_KEPT);
        await memory.notePrinted(list).catch(() => undefined);
      }
      if (action.kind === 'send') {
        const to = action.to;
        const key = to.kind === 'conversation' ? (to.ref.direct ? `user:${to.ref.channel.replace(/^@/, '')}` : `place:${placeKey(to.ref)}`) : `user:${to.userId}`;
        if (action.choices?.length) {
          buttons.set(key, { seq: shown, list: action.choices.map((c) => ({ value: c.value, label: c.label })) });
          // Remembered before the bot goes on, so the numbers still work after a restart.
          await remember();
        } else if (action.asksForWords && key.startsWith('user:') && buttons.delete(key)) {
          // A question asked of this person alone, for their words, is what they answer now: a
          // number they type is their answer, not a press of the buttons above it.
          await remember();
        }
      }
      if (action.kind === 'send' && action.to.kind !== 'direct' && !action.to.ref.direct && !places.hasChannel(action.to.ref.channel)) {
        places.addChannel(action.to.ref.channel);
        await remember();
      }
      if (action.kind === 'send' && action.attachment && options.saveAttachment) {
        const to = action.to;
        // A file sent to one person is saved as theirs: erasing them removes it.
        const userId = to.kind === 'direct' ? to.userId : to.kind === 'conversation' && to.ref.direct ? to.ref.channel.replace(/^@/, '') : undefined;
        write(`    (saved to ${terminalLine(await options.saveAttachment(action.attachment.name, action.attachment.data, userId))})`);
      }
      if (action.kind === 'open-space') {
        const id = `t${await memory.nextThread()}`;
        places.addThread(id, action.name, action.parent.channel);
        await remember();
        say('thread_opened', { id });
        return { kind: 'space', ref: { ...places.channel(action.parent.channel), thread: id } };
      }
      return action.kind === 'send' ? { kind: 'sent', messageRef } : { kind: 'done' };
    },
  };
  bot.attach(LOCAL_PLATFORM, outbox);

  const user = () => ({ id: persona.id, name: persona.id, platformRoles: persona.roles });
  const base = () => ({ eventId: `local-${run}-${(sequence += 1)}`, ref: place, user: user(), canOpenForm: false });

  /** A typed number picks the newest buttons the persona can see. */
  function pickChoice(text: string): Choice | undefined {
    if (!/^\d{1,2}$/.test(text)) return undefined;
    const mine = buttons.get(`user:${persona.id}`);
    const here = buttons.get(`place:${placeKey(place)}`);
    const newest = [mine, here].filter((c) => c !== undefined).sort((a, b) => b.seq - a.seq)[0];
    return newest?.list[Number(text) - 1];
  }

  /** `/in` to a place that does not exist: say so, and list the places that do. */
  function unknownPlace(target: string) {
    const threads = places.threads(THREADS_LISTED);
    say(threads.length > 0 ? 'in_unknown' : 'in_unknown_no_threads', { name: quoteInput(target), channels: places.channels().join(', '), threads: threads.join(', ') });
  }

  /** A channel exists when it is known here, or when a conversation of the bot's lives there. */
  const channelExists = async (name: string) => places.hasChannel(name) || (await memory.hasConversation(places.channel(name)));

  /** The people this chat has been, each with the roles last given them (kept with the chat's memory, so a restart keeps them). */
  const rolesGiven = new Map<string, string[]>(Object.entries(past?.roles ?? {}));
  const toldRoles = new Set<string>();

  /** Local-chat commands: `done` (handled here), `quit`, `again` (resend the last event) or `event`. */
  async function meta(words: string[]): Promise<'done' | 'quit' | 'again' | 'event'> {
    const [command, ...rest] = words;
    switch (command) {
      case '/as': {
        const name = rest[0];
        if (!name) say('as_usage');
        else if (!NAME.test(name) || !rest.slice(1).every((role) => ROLE.test(role))) say('as_name', { name: quoteInput(name) });
        else {
          // Someone named again without roles is who they were: the roles last given them in this chat.
          const id = name.toLowerCase();
          const given = rest.slice(1);
          const roles = given.length > 0 ? given : (rolesGiven.get(id) ?? (persona.id === id ? persona.roles : []));
          // Said once a person, not at every switch back.
          if (given.length === 0 && roles.length > 0 && !toldRoles.has(id)) {
            toldRoles.add(id);
            say('as_again', { name: id, roles: roles.join(' ') });
          }
          rolesGiven.set(id, roles);
          persona = { id, roles };
          // In a DM, the new persona talks in their own DM, not in someone else's.
          if (place.direct) place = places.direct(persona.id);
          await remember();
        }
        return 'done';
      }
      case '/in': {
        const target = rest[0]?.replace(/^#/, '');
        if (!target) {
          say('in_usage');
          return 'done';
        }
        const thread = places.thread(target);
        if (thread) place = thread;
        else if (await channelExists(target)) {
          place = places.channel(target);
          places.addChannel(target);
        } else {
          unknownPlace(target);
          return 'done';
        }
        await remember();
        return 'done';
      }
      case '/dm':
        place = places.direct(persona.id);
        await remember();
        return 'done';
      case '/again':
        if (lastEvent) return 'again';
        say('again_nothing');
        return 'done';
      case '/quit':
      case '/exit':
        return 'quit';
      default:
        return 'event';
    }
  }

  const remembers = (userId: string) => (buttons.has(`user:${userId}`) ? 1 : 0) + (persona.id === userId ? 1 : 0) + (rolesGiven.has(userId) ? 1 : 0);
  return {
    outbox,
    say,
    records: {
      platform: LOCAL_PLATFORM,
      // Not listed by /privacy (it is the terminal's convenience, never what anyone wrote); erased with the rest.
      count: () => 0,
      erase(userId) {
        const count = remembers(userId);
        if (count === 0) return 0;
        buttons.delete(`user:${userId}`);
        rolesGiven.delete(userId);
        toldRoles.delete(userId);
        // Whoever types next says who they are with /as; the chat no longer names the erased person.
        if (persona.id === userId) {
          persona = { id: 'guest', roles: [] };
          if (place.direct) place = places.channel(community?.homeChannel ?? 'general');
        }
        void remember();
        return count;
      },
    },
    welcomeBack() {
      if (past) say('welcome_back', { name: terminalLine(persona.id), place: places.label(place) });
    },
    attach(next) {
      bot = next;
      bot.attach(LOCAL_PLATFORM, outbox);
    },
    prompt,
    async input(raw) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.trimStart().startsWith('#!')) return true;
      if (options.echo) write(`${prompt()}${terminalLine(line)}`);
      const words = splitArgs(line.trim());
      const handled = line.startsWith('/') ? await meta(words) : 'event';
      if (handled === 'quit') return false;
      if (handled === 'done') return true;
      let event: InboundEvent;
      if (handled === 'again' && lastEvent) {
        // The same delivery again, with its id, as a platform retries one: the bot handles it once.
        event = lastEvent.event;
        say('again_sent', { name: terminalLine(event.user.id), place: places.label(event.ref), what: lastEvent.what });
      } else if (line.startsWith('/')) {
        // "/ feedback" is /feedback, and "/" alone is /help; a name longer than any command is cut,
        // so that the bot says it does not know it rather than not answering at all.
        const [first, ...rest] = words;
        const [name, args] = first === undefined || first === '/' ? [rest[0] ?? 'help', rest.slice(1)] : [first.slice(1), rest];
        event = { kind: 'command', name: name.toLowerCase().slice(0, MAX_COMMAND_NAME), args, options: {}, ...base() };
        lastEvent = { event, what: quoteInput(line.trim()) };
      } else {
        const choice = pickChoice(line.trim());
        event = choice ? { kind: 'choice', value: choice.value, ...base() } : { kind: 'message', text: line, ...base() };
        lastEvent = { event, what: choice ? `[${line.trim()}] ${terminalLine(choice.label)}` : quoteInput(line) };
      }
      await bot.handle(event);
      await bot.idle();
      await saving;
      return true;
    },
  };
}
