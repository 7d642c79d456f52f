import type { Community, Locale, Role } from '../config/schema';
import type { Outcome, OutcomeDraft, OutcomeStore } from '../evaluation/outcome';
import type { PlatformRecords } from '../privacy/platform-records';
import type { Pseudonymise } from '../evaluation/pseudonym';
import type { StateStore } from '../state/store';
import type { Flow } from '../flows/schema';
import type { JsonValue, Participant, Run } from '../flows/run';
import type { Clock } from '../state/scheduler';
import type { ListRead } from './indexes';
import type { Logger } from './log';
import type { Action, ActionResult, Audience, Choice } from './actions';
import type { ChatUser, CommandEvent, ConversationRef } from './events';

/** A named option of a command, for platforms with structured commands (Discord) and for /help. */
export interface CommandOption {
  name: string;
  /** Message key describing the option. */
  description: string;
  required?: boolean;
  /** Where the allowed values come from, for choices or autocomplete. */
  values?: 'categories' | 'projects' | 'stages' | 'parties' | 'references' | 'locales' | string[];
  /** The rest of the line (free text), rather than one word. */
  rest?: boolean;
  /** Typed as a plain word in its place even when optional; other optional options are typed `name=value`. */
  positional?: boolean;
}

/** A command the core offers: `/name sub ...`. */
export interface CommandSpec {
  name: string;
  /** The sub-command, e.g. `list` in `/feedback list`; undefined for the command itself. */
  sub?: string;
  /** Who may run it. */
  roles: Role[];
  /** Message key for the one-line description in /help. */
  description: string;
  options?: CommandOption[];
  /** Long-running: the platform acknowledges first and the answer follows. */
  slow?: boolean;
  /**
   * Slow work run in the process that took it keeps a note with the store ("the bot was restarted
   * before your … was ready"), sent if the process stops first; `false` for a command that must
   * leave nothing about the person behind while it runs (an erasure).
   */
  noteIfInterrupted?: false;
  /** Whether this installation can offer it (e.g. it needs a language model); /help leaves it out when not. */
  available?: () => boolean;
  /**
   * For a command that acts on the run its conversation belongs to: that run's script and the run
   * roles that may use it. The core checks it before `run`, and /help lists the command under
   * those roles, so the two never disagree.
   */
  inRun?: {
    flow: string;
    roles: string[];
    /** Message key said to others (default: the core's "only {roles} can use it here"). */
    refuse?: string;
  };
  /** Whether /help offers it to this person (e.g. `/report` to coordinators and responsible parties); everyone with the roles by default. */
  offeredTo?: (user: ChatUser, community: Community) => boolean;
  /** With `offeredTo`: who may use it, in words for `/help <command>` (a message key), since "everyone" would not be true. */
  who?: string;
  run(ctx: CommandContext): Promise<void>;
}

export interface StartFlowInit {
  participants: Participant[];
  vars?: Record<string, JsonValue>;
  project?: string | null;
  stage?: string | null;
  /** Where the run lives; defaults to where the command was given. */
  home?: ConversationRef;
  locale?: Locale;
}

/** What a command handler sees and can do. */
export interface CommandContext {
  readonly event: CommandEvent;
  readonly roles: Role[];
  readonly locale: Locale;
  readonly community: Community;
  readonly outcomes: OutcomeStore;
  readonly clock: Clock;
  readonly pseudonymise: Pseudonymise;
  /** Words after the sub-command. */
  readonly args: string[];
  t(key: string, vars?: Record<string, string | number>): string;
  /** A sentence in another language than the person's (e.g. right after they changed it). */
  translate(locale: Locale, key: string, vars?: Record<string, string | number>): string;
  /** A private answer to the person who gave the command. */
  reply(text: string, choices?: Choice[]): Promise<ActionResult>;
  send(to: Audience, text: string, choices?: Choice[]): Promise<ActionResult>;
  perform(action: Action): Promise<ActionResult>;
  /** Acknowledges at once with a "working on it" note, then replaces it with what `work` returns. */
  slow(work: () => Promise<{ text: string; attachment?: Extract<Action, { kind: 'send' }>['attachment'] }>): Promise<void>;
  startFlow(flowId: string, init: StartFlowInit): Promise<Run>;
  /**
   * Delivers this command to a run as a flow event. `change` replaces its words (the first is the
   * sub-command the run sees) and adds named options, so a handler can hand the run what it worked
   * out (e.g. a model's draft, inside `slow`) without the run doing I/O. Commands typed by people
   * reach runs through the core's router, not through this.
   */
  deliver(runId: string, change?: { args?: string[]; options?: Record<string, string> }): Promise<void>;
  /** The run that owns the conversation the command was given in, if any. */
  runHere(): Promise<Run | undefined>;
  /** The next number of a named counter (1, 2, 3...), e.g. for a new run's reference. */
  next(counter: string): Promise<number>;
  /**
   * Runs in a script's list, newest first (read from the core's index: those with a reference, or,
   * with the script's `route.listed`, once that variable is set or the run ended): at most
   * `limit`, those `where` accepts, among the newest `lookBack`; reading stops once it has them.
   */
  runsOfFlow(flowId: string, read?: ListRead): Promise<Run[]>;
  /** Runs a person takes part in, newest first (read from the core's index); the caller by default. */
  runsOf(person?: { platform: string; userId: string }): Promise<Run[]>;
  /** The run a reference names (FB-0042), if any. */
  runByReference(flowId: string, ref: string): Promise<Run | undefined>;
  /** Remembers the language the caller wants to be spoken to in. */
  setLocale(locale: Locale): Promise<void>;
  flow(flowId: string): Flow | undefined;
  /** The stores, for the privacy rights (seeing, exporting and erasing a person's data) only. */
  readonly stores: { state: StateStore; outcomes: OutcomeStore; platformRecords: readonly PlatformRecords[]; log: Logger };
  /** Appends an outcome that belongs to no flow run (e.g. a stage marked started). */
  record(outcome: OutcomeDraft & Pick<Outcome, 'mechanism' | 'project'>): Promise<void>;
}
