import type { Action, Audience, Choice } from '../core/actions';
import { message, renderMessage, type Message, type MessageVars, type Translator, type Wording } from '../core/wording';
import { conversationKey, userKey, type ChatUser, type ConversationRef, type FlowEvent } from '../core/events';

import type { Community } from '../config/schema';
import type { OutcomeDraft } from '../evaluation/outcome';
import type { Pseudonymise } from '../evaluation/pseudonym';
import type { FlowContext, FlowFunctions, PassedCommand, ReferencedRun, SayOptions, TimerRequest } from './functions';
import type { Participant, Run } from './run';
import type { Flow, Stage, Target } from './schema';

export type Translate = (locale: Run['locale'], key: string, vars?: Record<string, string | number>) => string;

/** What the engine needs from outside: all of it deterministic. */
export interface FlowEnv {
  functions: FlowFunctions;
  translate: Translate;
  community: Community;
  pseudonymise: Pseudonymise;
}

/** Everything one transition produced. The runtime performs it; the engine never does. */
export interface Effects {
  actions: Action[];
  outcomes: OutcomeDraft[];
  timers: TimerRequest[];
  cancelTimers: string[];
  /** Commands handed on to other runs, given to them after this turn is saved. */
  passed: PassedCommand[];
}

export function emptyEffects(): Effects {
  return { actions: [], outcomes: [], timers: [], cancelTimers: [], passed: [] };
}

const SEP = '~';

/** Choice values carry the run and the step they answer: `<run>~<step>~<value>` (`*` for commands). */
export function encodeChoice(runId: string, step: string, value: string): string {
  return [runId, step, value].join(SEP);
}

export function decodeChoice(value: string): { runId: string; step: string; value: string } | null {
  const parts = value.split(SEP);
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return null;
  return { runId: parts[0] as string, step: parts[1] as string, value: parts[2] as string };
}

/** The routing key an answer from this user arrives on, for a message sent to this audience. */
export function whereKey(audience: Audience): string {
  if (audience.kind === 'direct') return `dm:${userKey(audience.platform, audience.userId)}`;
  return `conv:${conversationKey(audience.ref)}`;
}

/** The routing key of an inbound event's conversation. */
export function inboundWhereKey(ref: ConversationRef, userId: string): string {
  return ref.direct ? `dm:${userKey(ref.platform, userId)}` : `conv:${conversationKey(ref)}`;
}

export function eventUser(event: FlowEvent | null) {
  return event && 'user' in event ? event.user : null;
}

export function sharedRef(run: Run): ConversationRef {
  return run.space ?? run.home;
}

/** Turns a script target into concrete audiences. */
export function audiences(run: Run, event: FlowEvent | null, to: Target | { userId: string }): Audience[] {
  if (typeof to === 'object' && 'userId' in to) {
    const p = run.participants.find((x) => x.userId === to.userId);
    return [{ kind: 'direct', platform: p?.platform ?? run.home.platform, userId: to.userId }];
  }
  if (to === 'shared') return [{ kind: 'conversation', ref: sharedRef(run) }];
  if (to === 'home') return [{ kind: 'conversation', ref: run.home }];
  if (to === 'actor') {
    const user = eventUser(event);
    if (!user || !event || !('ref' in event)) return [];
    return [event.ref.direct ? { kind: 'conversation', ref: event.ref, userId: user.id } : { kind: 'private', ref: event.ref, userId: user.id }];
  }
  const members = run.participants.filter((p) => p.role === to.role && p.active);
  if (!to.private) return [{ kind: 'conversation', ref: sharedRef(run) }];
  return members.map((p) => ({ kind: 'direct', platform: p.platform, userId: p.userId }));
}

/** Builds the context a named function sees, collecting its effects into `effects`. */
export function createFlowContext(flow: Flow, run: Run, event: FlowEvent | null, now: number, env: FlowEnv, effects: Effects, referenced: ReferencedRun | null = null): FlowContext {
  return new StepContext(flow, run, event, now, env, effects, referenced);
}

/**
 * One context serves a whole transition (every step entered on one event). `t` is bound, since
 * functions pass it around; the other methods live on the prototype. The actor is looked up when
 * asked, so a participant added meanwhile is seen.
 */
class StepContext implements FlowContext {
  readonly community: Community;
  readonly user: ChatUser | null;
  readonly text: string | null;
  readonly args: string[];

  constructor(
    readonly flow: Flow,
    readonly run: Run,
    readonly event: FlowEvent | null,
    readonly now: number,
    private readonly env: FlowEnv,
    private readonly effects: Effects,
    readonly referenced: ReferencedRun | null = null,
  ) {
    this.community = env.community;
    this.user = eventUser(event);
    this.text = event?.kind === 'message' ? event.text : event?.kind === 'command' ? event.args.slice(1).join(' ') : null;
    this.args = event?.kind === 'command' ? event.args.slice(1) : [];
  }

  get locale() {
    return this.run.locale;
  }

  get stage(): Stage | null {
    const id = this.flow.steps[this.run.step]?.stage;
    return id === undefined ? null : (this.flow.stages.find((s) => s.id === id) ?? null);
  }

  get actor(): Participant | null {
    const user = this.user;
    return user ? (this.run.participants.find((p) => p.userId === user.id) ?? null) : null;
  }

  t = (key: string, vars?: MessageVars): string => {
    return this.render(message(key, vars));
  }

  /** Text in the run's language (what tests and logs see); the bot renders it again per recipient. */
  render(said: Message | Wording): string {
    return renderMessage(this.env.translate, this.run.locale, said);
  }

  renderIn(locale: Run['locale'], said: Message | Wording): string {
    return renderMessage(this.env.translate, locale, said);
  }

  /** The audiences of a message; in a space that speaks everyone's language, with its readers. */
  private audiencesOf(to: Target | { userId: string }, options?: SayOptions): Audience[] {
    const list = audiences(this.run, this.event, to);
    const space = this.run.space;
    if (this.flow.spaceSpeaks !== 'everyone' || !space || options?.ownWords) return list;
    const readers = this.run.participants.filter((p) => p.active).map((p) => ({ platform: p.platform, userId: p.userId }));
    return list.map((a) => (a.kind === 'conversation' && a.userId === undefined && conversationKey(a.ref) === conversationKey(space) ? { ...a, readers } : a));
  }

  sayText(to: Target | { userId: string }, text: string | Wording, options?: SayOptions): void {
    for (const audience of this.audiencesOf(to, options)) {
      const action: Action = typeof text === 'string' ? { kind: 'send', to: audience, text } : { kind: 'send', to: audience, text: this.render(text), say: text };
      if (options?.choices) action.choices = options.choices;
      if (options?.key) action.key = options.key;
      if (options?.asksForWords) action.asksForWords = true;
      this.effects.actions.push(action);
    }
  }

  say(to: Target | { userId: string }, key: string, vars?: MessageVars, options?: SayOptions): void {
    const said = message(key, { ...stringVars(this.run), ...vars });
    for (const audience of this.audiencesOf(to, options)) {
      const action: Action = { kind: 'send', to: audience, text: this.render(said), say: said };
      if (options?.choices) action.choices = options.choices;
      if (options?.key) action.key = options.key;
      if (options?.asksForWords) action.asksForWords = true;
      this.effects.actions.push(action);
    }
  }

  edit(key: string, text: string | Wording, choices?: Choice[]): void {
    const sent = this.run.messages[key];
    if (!sent) return;
    const said = typeof text === 'string' ? {} : { say: text };
    this.effects.actions.push({ kind: 'edit', ref: sent.ref, messageRef: sent.messageRef, text: typeof text === 'string' ? text : this.render(text), ...said, ...(choices ? { choices } : {}) });
  }

  choice(value: string, labelKey: string, options?: { style?: Choice['style']; command?: boolean; vars?: MessageVars }): Choice {
    const label = message(labelKey, options?.vars);
    const choice: Choice = { value: encodeChoice(this.run.id, options?.command ? '*' : this.run.step, value), label: this.render(label), say: label };
    if (options?.style) choice.style = options.style;
    return choice;
  }

  record(type: string, data: OutcomeDraft['data'] = {}, options: { actors?: string[]; party?: string | null } = {}): void {
    const actors = (options.actors ?? []).map((id) => this.env.pseudonymise(participantOf(this.run, id)?.platform ?? this.run.home.platform, id));
    this.effects.outcomes.push({ type, data, actors, party: options.party ?? null, step: this.run.step });
  }

  schedule(name: string, at: number, payload: TimerRequest['payload'] = {}): void {
    this.effects.timers.push({ name, at, payload });
  }

  cancel(name: string): void {
    this.effects.cancelTimers.push(name);
  }

  pass(runId: string, command: string): void {
    this.effects.passed.push({ runId, command });
  }

  act(action: Action): void {
    this.effects.actions.push(action);
  }

  participant(userId: string): Participant | undefined {
    return participantOf(this.run, userId);
  }

  participants(role?: string): Participant[] {
    return this.run.participants.filter((p) => p.active && (role === undefined || p.role === role));
  }
}

/**
 * The same context, speaking another language: for composing a wording, `(t) => compose(speaking(ctx, t))`,
 * so helpers that take the context write in the reader's language.
 */
export function speaking(ctx: FlowContext, t: Translator): FlowContext {
  return Object.create(ctx, { t: { value: t } }) as FlowContext;
}

/**
 * Lines the bot says, kept in a run variable as data: each a message key with its values (a value may
 * itself be such a message). Unlike text rendered when it was kept, each reader gets them in their
 * own language, in every message that names the variable.
 */
export interface SaidLines {
  lines: Message[];
}

/** A message as a run can keep it: its key, and values that are text, numbers or such messages. */
const isKeptMessage = (value: unknown): value is Message => {
  if (typeof value !== 'object' || value === null || typeof (value as Message).key !== 'string') return false;
  const vars = (value as Message).vars;
  if (vars === undefined) return true;
  return typeof vars === 'object' && vars !== null && Object.values(vars).every((v) => typeof v === 'string' || typeof v === 'number' || isKeptMessage(v));
};

export function isSaidLines(value: unknown): value is SaidLines {
  return typeof value === 'object' && value !== null && Array.isArray((value as SaidLines).lines) && (value as SaidLines).lines.every(isKeptMessage);
}

/** The lines, one a line, in the reader's language. */
export function saidLinesWording(said: SaidLines): Wording {
  return (t) => said.lines.map((line) => t(line.key, line.vars)).join('\n');
}

/** Run variables usable in messages as `{name}`: plain strings and numbers, and lines kept as data (`SaidLines`). */
export function stringVars(run: Run): MessageVars {
  const vars: MessageVars = {};
  for (const [key, value] of Object.entries(run.vars)) {
    if (typeof value === 'string' || typeof value === 'number') vars[key] = value;
    else if (isSaidLines(value)) vars[key] = saidLinesWording(value);
  }
  return vars;
}

export function participantOf(run: Run, userId: string): Participant | undefined {
  return run.participants.find((p) => p.userId === userId);
}

