import { z } from 'zod';
import { Locale, LOCALES, type Community } from '../config/schema';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
import type { Action } from './actions';
import type { Catalogue } from './catalogue';
import type { ConversationRef, InboundEvent } from './events';
import { platformLocale, renderMessage, type Message, type Wording } from './wording';

export const PreferredLocale = z.object({ locale: Locale });

/** How the bot writes an action for the one who receives it: their language, their platform's way of typing commands. */
export interface Delivery {
  /**
   * The one language rule: a person is spoken to in the language they chose with `/language`,
   * else the one their platform says they use, else the community's.
   */
  localeOf(platform: string, userId: string): Promise<Locale>;
  /** Remembers the language a platform gives for the person behind an event (written only when it changes). */
  notePlatformLocale(event: InboundEvent): Promise<void>;
  /** Renders what an action says in the language of whoever receives it; adapters get plain text. */
  inRecipientLanguage(action: Action): Promise<Action>;
  /**
   * A private reply says once who can see it: every platform marks it itself (the local chat's
   * "only maria can see this", Discord's and Slack's own notes, the web chat's), so the text's own
   * "(Only you can see this)" is left off there, also when such a reply is replaced by an edit (a
   * slow command's result). Elsewhere (a direct message) the text keeps it.
   */
  markedOnce(action: Action): Action;
  /** `/feedback` as people type it on a platform with a command prefix (`/cg feedback` on Slack). */
  withPrefix(action: Action, prefix: string | undefined): Action;
}

/** A channel or thread speaks the language set for its channel, else the community's. */
export function channelLocale(community: Community, ref: ConversationRef): Locale {
  return community.channelLocales[ref.channel] ?? community.locale;
}

export function createDelivery(deps: { community: Community; catalogue: Catalogue; state: StateStore; commandNames: string[] }): Delivery {
  const { community, catalogue, state } = deps;

  async function localeOf(platform: string, userId: string): Promise<Locale> {
    // Both read at once: the person's own choice, and what their platform says.
    const [prefs, told] = await state.getMany([keys.prefs(`${platform}:${userId}`), keys.platformLocale(`${platform}:${userId}`)], PreferredLocale).catch(() => [undefined, undefined]);
    return prefs?.locale ?? told?.locale ?? community.locale;
  }


  const known = new Map<string, Locale>();
  async function notePlatformLocale(event: InboundEvent): Promise<void> {
    const locale = platformLocale(event.user.locale);
    if (!locale) return;
    const who = `${event.ref.platform}:${event.user.id}`;
    if (known.get(who) === locale) return;
    if (known.size > 10_000) known.clear();
    known.set(who, locale);
    await state.set(keys.platformLocale(who), { locale });
  }

  async function recipientLocale(action: Extract<Action, { kind: 'send' | 'edit' }>): Promise<Locale> {
    if (action.kind === 'edit') return action.userId ? localeOf(action.ref.platform, action.userId) : channelLocale(community, action.ref);
    const to = action.to;
    if (to.kind === 'direct') return localeOf(to.platform, to.userId);
    if (to.kind === 'private' || to.userId) return localeOf(to.ref.platform, to.userId as string);
    return channelLocale(community, to.ref);
  }

  async function inRecipientLanguage(action: Action): Promise<Action> {
    if (action.kind === 'open-space') {
      // A thread or private channel is named in the language of the channel it opens from, as what is said there.
      if (!action.say) return action;
      const { say, ...rest } = action;
      return { ...rest, name: renderMessage(catalogue.t, channelLocale(community, action.parent), say) };
    }
    if (action.kind !== 'send' && action.kind !== 'edit') return action;
    if (!action.say && !action.choices?.some((c) => c.say)) return action;
    const readers = action.kind === 'send' && action.to.kind === 'conversation' && !action.to.userId ? action.to.readers : undefined;
    if (readers && readers.length > 0) return inEveryReadersLanguage(action as Extract<Action, { kind: 'send' }>, readers);
    const locale = await recipientLocale(action);
    const render = (said: Message | Wording) => renderMessage(catalogue.t, locale, said);
    const { say, ...rest } = action;
    const rendered = { ...rest, ...(say ? { text: render(say) } : {}) };
    if (action.choices) rendered.choices = action.choices.map(({ say: label, ...choice }) => (label ? { ...choice, label: render(label) } : choice));
    return rendered;
  }

  /**
   * A message for several readers in one place: in the channel's language, then in each other
   * language its readers read (blank line between; a button's labels joined with " / ").
   */
  async function inEveryReadersLanguage(action: Extract<Action, { kind: 'send' }>, readers: { platform: string; userId: string }[]): Promise<Action> {
    const first = channelLocale(community, (action.to as { ref: ConversationRef }).ref);
    const theirs = await Promise.all(readers.map((r) => localeOf(r.platform, r.userId)));
    const locales = [...new Set([first, ...theirs])];
    const inEach = (said: Message | Wording, between: string) => [...new Set(locales.map((locale) => renderMessage(catalogue.t, locale, said)))].join(between);
    const { say, ...rest } = action;
    const rendered = { ...rest, ...(say ? { text: inEach(say, '\n\n') } : {}) };
    if (action.choices) rendered.choices = action.choices.map(({ say: label, ...choice }) => (label ? { ...choice, label: inEach(label, ' / ') } : choice));
    return rendered;
  }

  const markers = [...new Set(LOCALES.map((locale) => catalogue.t(locale, 'core.only_you')))];
  function markedOnce(action: Action): Action {
    // A private reply in a shared place, and the edit that replaces one (a slow command's result,
    // which names its reader), both of which the platform marks.
    const privateEdit = action.kind === 'edit' && action.userId !== undefined && !action.ref.direct;
    if (!privateEdit && (action.kind !== 'send' || action.to.kind !== 'private')) return action;
    let text = action.text.trimStart();
    for (const marker of markers) if (text.startsWith(marker)) text = text.slice(marker.length).trimStart();
    return text === action.text ? action : { ...action, text };
  }

  const commandWords = new RegExp(`(^|[\\s(（“"'：:])/(${[...new Set(['help', ...deps.commandNames])].join('|')})(?![\\w/-])`, 'g');
  function withPrefix(action: Action, prefix: string | undefined): Action {
    if (!prefix || prefix === '/' || (action.kind !== 'send' && action.kind !== 'edit')) return action;
    return { ...action, text: action.text.replace(commandWords, (_all, before: string, name: string) => `${before}${prefix}${name}`) };
  }

  return { localeOf, notePlatformLocale, inRecipientLanguage, markedOnce, withPrefix };
}
