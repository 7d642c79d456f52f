import type { Action, Choice } from '../core/actions';
import type { ChatUser, FlowEvent } from '../core/events';
import type { Community, Locale } from '../config/schema';
import type { Message, MessageVars, Wording } from '../core/wording';
import type { OutcomeDraft } from '../evaluation/outcome';
import type { Flow, Stage, Target } from './schema';
import type { Participant, Run } from './run';

export interface TimerRequest {
  name: string;
  /** Due time, epoch ms. */
  at: number;
  payload: Record<string, string | number | boolean>;
}

/** A command handed on to another run, as if the person behind the event had used it there. */
export interface PassedCommand {
  runId: string;
  command: string;
}

export interface SayOptions {
  choices?: Choice[];
  /** Remember the sent message under this key so it can be edited later. */
  key?: string;
  /** The message asks its reader to answer in words (see `Action`'s `asksForWords`). */
  asksForWords?: true;
  /**
   * The message is mostly someone's own words (a party's post, the mediator's reflection): in a
   * space that speaks everyone's language it is written once, in the space's, not repeated per language.
   */
  ownWords?: true;
}

/** What a named function sees and can do. Effects are collected, not performed: the step stays pure. */
/** What a step may know of another run named by reference: never the run itself. */
export interface ReferencedRun {
  /** The reference as the run carries it (FB-0007). */
  ref: string;
  runId: string;
  status: 'active' | 'paused' | 'ended';
  /** Its `refersTo.once` variable, when the question names one. */
  state: string | null;
}

export interface FlowContext {
  readonly flow: Flow;
  /** The run being stepped: functions may change `run.vars`, `run.participants` and `run.status`. */
  readonly run: Run;
  readonly event: FlowEvent | null;
  readonly now: number;
  readonly community: Community;
  readonly locale: Locale;
  /** The participant behind the event, if the event came from one. */
  readonly actor: Participant | null;
  /** The stage the current step marks (`stage:` in the script), if it marks one. */
  readonly stage: Stage | null;
  /** The platform user behind the event, participant or not. */
  readonly user: ChatUser | null;
  /** Text of a message, or the arguments after a command's sub-command joined by spaces. */
  readonly text: string | null;
  /** Command arguments after the sub-command. */
  readonly args: string[];
  /** The run an answer to a `refersTo` question names, found by the core (null otherwise). */
  readonly referenced: ReferencedRun | null;
  /** A sentence in the run's language, for text that is not sent (e.g. kept in the run). */
  t(key: string, vars?: MessageVars): string;
  /** A message or wording in the run's language. */
  render(said: Message | Wording): string;
  /** The same in another language (e.g. an option's label as each language writes it, to read typed answers). */
  renderIn(locale: Locale, said: Message | Wording): string;
  /**
   * Says a message; the bot renders it in each recipient's language (values may be messages too,
   * e.g. `{ role: message('core.role.coordinator') }`).
   */
  say(to: Target | { userId: string }, key: string, vars?: MessageVars, options?: SayOptions): void;
  /**
   * Sends composed text: a wording `(t, locale) => string` is written per recipient in their
   * language; a plain string (a resident's own words relayed) goes as it is.
   */
  sayText(to: Target | { userId: string }, text: string | Wording, options?: SayOptions): void;
  edit(key: string, text: string | Wording, choices?: Choice[]): void;
  /** A button that comes back to this run: to the current step's answer, or as a command when `command` is true. */
  choice(value: string, labelKey: string, options?: { style?: Choice['style']; command?: boolean; vars?: MessageVars }): Choice;
  record(type: string, data?: OutcomeDraft['data'], options?: { actors?: string[]; party?: string | null }): void;
  schedule(name: string, at: number, payload?: TimerRequest['payload']): void;
  cancel(name: string): void;
  /**
   * Hands one of another run's commands on to it, as if the person behind this event had used it
   * there (a report joined from the intake of another: its `metoo`). The core gives it to that run
   * once, after this turn is saved, and that run answers the person itself.
   */
  pass(runId: string, command: string): void;
  /** Any other action (e.g. adding a member to the space). */
  act(action: Action): void;
  participant(userId: string): Participant | undefined;
  participants(role?: string): Participant[];
}

/**
 * An option of an `ask` step. `label` is in the run's language (typed answers are read against it);
 * `say`, when given, is the label as a message, written in each reader's own language on the button
 * and in the list of options.
 */
export interface FlowOption {
  value: string;
  label: string;
  say?: Message | Wording;
}

/** Values a `record` step's function adds to the outcome's data (short codes and numbers only). */
export type RecordValues = Readonly<Record<string, string | number | boolean>>;

/**
 * A named function a script refers to. Depending on where the script uses it, it returns: a case
 * name (one of its declared `cases`, which the script maps to the next step), a due time in epoch
 * ms (`timer.atFn`), the options of an `ask` (`optionsFn`), values for a `record` step, or nothing.
 * It never returns a step id: where to go is written in the script. It must not perform I/O: it
 * only reads the context and collects effects.
 */
export interface FlowFunction {
  (ctx: FlowContext): FunctionResult;
  /** The cases it may return; the loader checks that the script maps each one where it is used. */
  readonly cases?: readonly string[];
  /** Message keys it builds at run time (for example `feedback.status.<status>`), checked at load. */
  readonly messages?: readonly string[];
}
export type FunctionResult = string | number | FlowOption[] | RecordValues | void;

export type FlowFunctions = Readonly<Record<string, FlowFunction>>;

/**
 * Returned by an `onMessage` or `onChoice` function that has handled the event: the step does not
 * see it. It needs no mapping in the script.
 */
export const STOP = 'stop';

/**
 * A function that decides where the run goes by returning one of `cases` (or nothing, to stay or
 * go on as the script says). The cases are checked against the script at load and at run time.
 */
export function decides<const C extends string>(cases: readonly C[], fn: (ctx: FlowContext) => C | undefined | void, messages?: readonly string[]): FlowFunction {
  return Object.assign((ctx: FlowContext) => fn(ctx), { cases: [...cases], ...(messages ? { messages: [...messages] } : {}) });
}

/** Declares the message keys a group of functions builds at run time, so the loader checks them. */
export function buildsMessages(messages: readonly string[], functions: FlowFunctions): FlowFunctions {
  const out: Record<string, FlowFunction> = {};
  for (const [name, fn] of Object.entries(functions)) {
    const own = fn.messages ?? [];
    out[name] = Object.assign((ctx: FlowContext) => fn(ctx), { ...(fn.cases ? { cases: fn.cases } : {}), messages: [...own, ...messages.filter((m) => !own.includes(m))] });
  }
  return out;
}

/** Message keys `prefix.<value>` for each value, as built at run time. */
export function keysFor(prefix: string, values: readonly string[]): string[] {
  return values.map((v) => `${prefix}.${v}`);
}
