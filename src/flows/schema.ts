import { z } from 'zod';
import { Mechanism, Role } from '../config/schema';

/**
 * The schema of a flow script (prompts/flows/*.yaml). A flow is data: named steps of a small closed
 * set of kinds. Logic lives in named TypeScript functions (see functions.ts), never in YAML.
 * Every object is strict: a field the bot does not know (`nxt:`, `mesage:`) is refused by name,
 * with the field it most likely meant, rather than ignored.
 */
const StepId = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'step ids are lower-case words joined by _ (at most 32)');
const FnName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'function names are camelCase words');
const MessageKey = z.string().regex(/^[a-z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)+$/, 'message keys look like area.name');
const RunRole = z.string().regex(/^[a-z][a-z_]*$/);
/** Where a script can send a run: a step, or `@back` (the step waited in before this one). */
const StepTarget = z.union([StepId, z.literal('@back')]);
const CaseName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'case names are lower-case words joined by _');
/** What each case a function may return leads to. */
export const Cases = z.record(CaseName, StepTarget);
export type Cases = z.infer<typeof Cases>;
const StageId = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'stage ids are lower-case words joined by _');

/** Who a message goes to. `shared`: the run's thread (or where it started); `home`: where it started. */
export const Target = z.union([
  z.enum(['shared', 'home', 'actor']),
  z.strictObject({ role: RunRole, private: z.boolean().default(true) }),
]);
export type Target = z.infer<typeof Target>;

const Option = z.strictObject({ value: z.string().regex(/^[a-z0-9_-]{1,40}$/), label: MessageKey, style: z.enum(['primary', 'secondary', 'danger']).optional() });

/**
 * How the core finds the run a command acts on: `here` the run owning this thread or space (or
 * waiting for this person here); `reference` a reference typed with the command (FB-0042);
 * `mine` the person's newest open run of this script; `latest` the newest run started here.
 */
export const Finder = z.enum(['here', 'reference', 'mine', 'latest']);
export type Finder = z.infer<typeof Finder>;

/** A reaction to a command or button: who may use it, and what it does. */
export const Handler = z.strictObject({
  roles: z.array(RunRole).min(1),
  /** How a typed command finds its run; the script's `route.find` when not given. */
  find: z.array(Finder).min(1).optional(),
  /** Step to go to (after the function, when it returns no case). */
  goto: StepTarget.optional(),
  /** Named function to call first; it may return a case. */
  fn: FnName.optional(),
  /** Where each case the function returns leads. */
  cases: Cases.optional(),
  /** What a typed command hears when no run is found for it; the script's `route.notFound` when not given. */
  notFound: MessageKey.optional(),
});
export type Handler = z.infer<typeof Handler>;

/** What a timer does when it fires (in any step). */
export const TimerHandler = z.strictObject({ fn: FnName.optional(), goto: StepTarget.optional(), cases: Cases.optional() });
export type TimerHandler = z.infer<typeof TimerHandler>;

/** A function called on every message or button of the run, with where its cases lead. */
const Hook = z.preprocess((v) => (typeof v === 'string' ? { fn: v } : v), z.strictObject({ fn: FnName, cases: Cases.optional() }));
export type Hook = z.infer<typeof Hook>;

/** A stage (or phase) of the flow: its own id, recorded in outcomes, and its name in messages. */
export const Stage = z.strictObject({
  id: StageId,
  /** How the stage is called in messages (a message key). */
  name: MessageKey,
  /** Said when the stage begins (a message key), where the flow's functions announce stages. */
  intro: MessageKey.optional(),
  /** People talk freely in this stage, so equal voice is looked after. */
  discussion: z.boolean().default(false),
  /** The stage can be given planned time (and is listed with it). */
  timed: z.boolean().default(true),
});
export type Stage = z.infer<typeof Stage>;

const marks = { note: z.string().optional(), stage: StageId.optional() };
const common = { next: StepId.optional(), ...marks };

export const Step = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('say'), to: Target.default('shared'), message: MessageKey, choices: z.array(Option).max(25).optional(), ...common }),
  z.strictObject({
    kind: z.literal('ask'),
    to: Target.default('shared'),
    message: MessageKey,
    input: z.enum(['text', 'choice', 'scale', 'confirm']),
    options: z.array(Option).max(25).optional(),
    /** A function that returns the options (e.g. categories from the configuration). */
    optionsFn: FnName.optional(),
    /** Which run role may answer; defaults to the role in `to`, or any participant. */
    from: RunRole.optional(),
    wait: z.enum(['all', 'one']).default('all'),
    save: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
    maxLength: z.number().int().positive().optional(),
    /** A short name for the question (a message key), where answers are listed (e.g. the intake summary). */
    label: MessageKey.optional(),
    /** `own`: each person goes on to the next `own` question as soon as they answer (private questions only). */
    pace: z.enum(['together', 'own']).default('together'),
    /**
     * The answer names another run by its reference (a script's `route.reference`, e.g. FB): the core
     * looks it up before the step goes on, and answers `notFound` itself (nothing changes) when there is
     * no such run, it is this run, or (with `once`) that run's variable `once` is not set yet.
     */
    refersTo: z
      .object({
        reference: z.string().regex(/^[A-Z]{1,4}$/),
        once: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/).optional(),
        notFound: MessageKey.default('core.reference_not_found'),
        /** Said instead when the answer names this run itself (`notFound` otherwise). */
        itself: MessageKey.optional(),
      })
      .optional(),
    /** Called after each answer; may return a case to go to instead of waiting on. */
    fn: FnName.optional(),
    cases: Cases.optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('form'),
    to: z.literal('actor').default('actor'),
    title: MessageKey,
    fields: z
      .array(z.strictObject({ id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/), label: MessageKey, long: z.boolean().default(false), required: z.boolean().default(true), maxLength: z.number().int().positive().optional() }))
      .min(1)
      .max(5),
    save: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
    fn: FnName.optional(),
    cases: Cases.optional(),
    ...common,
  }),
  z.strictObject({ kind: z.literal('branch'), fn: FnName, cases: Cases, default: StepTarget.optional(), ...marks }),
  z.strictObject({ kind: z.literal('call'), fn: FnName, cases: Cases.optional(), ...common }),
  z.strictObject({
    kind: z.literal('wait'),
    message: MessageKey.optional(),
    to: Target.default('shared'),
    /** Commands (or buttons with the same value) that move the flow on. */
    on: z.record(z.string().regex(/^[a-z][a-z_-]*$/), Handler),
    /**
     * One of `on`'s commands that a message typed by the person who reached this step (there, while
     * it waits) stands for, with what they wrote as its text; without it, typed messages are not read.
     */
    typed: z.string().regex(/^[a-z][a-z_-]*$/).optional(),
    ...marks,
  }),
  z.strictObject({
    kind: z.literal('turns'),
    /** The run role whose members speak one after another. */
    role: RunRole,
    message: MessageKey,
    /** Who ends each turn (with the `next` command). */
    advance: z.array(RunRole).min(1),
    save: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
    /** The most characters of one message (default: the community's `limits.storyLength`). */
    maxLength: z.number().int().positive().optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('collect'),
    from: z.array(RunRole).min(1),
    message: MessageKey,
    save: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
    /** Called for each contribution; may return a case. */
    fn: FnName.optional(),
    cases: Cases.optional(),
    /** Who closes the collection (with the `next` command). */
    until: z.array(RunRole).min(1),
    maxLength: z.number().int().positive().optional(),
    ...common,
  }),
  z.strictObject({ kind: z.literal('open_space'), name: MessageKey, private: z.boolean(), members: z.array(RunRole).min(1), ...common }),
  z.strictObject({
    kind: z.literal('timer'),
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** A fixed delay, or a function returning the due time (epoch ms). */
    after: z.strictObject({ minutes: z.number().nonnegative().default(0), hours: z.number().nonnegative().default(0), days: z.number().nonnegative().default(0) }).optional(),
    atFn: FnName.optional(),
    ...common,
  }),
  z.strictObject({
    kind: z.literal('record'),
    outcome: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
    /** Short codes only; a function can add computed values (it returns them). */
    data: z.record(z.string(), z.union([z.string().max(64), z.number(), z.boolean()])).default({}),
    fn: FnName.optional(),
    ...common,
  }),
  z.strictObject({ kind: z.literal('end'), message: MessageKey.optional(), to: Target.default('shared'), fn: FnName.optional(), ...marks }),
]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const Flow = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  /** Bump when a change would confuse a run in progress; such runs then end politely. */
  version: z.number().int().positive(),
  mechanism: Mechanism,
  title: MessageKey,
  roles: z.array(RunRole).min(1),
  start: StepId,
  /**
   * How commands reach runs of this script: `/<command> <sub> ...`, where `sub` is one of the
   * script's commands (below, or a waiting step's). The core router reads this; adapters get the
   * resulting flat list of commands and never look at steps.
   */
  route: z
    .object({
      /** The command name, e.g. `mediation` for `/mediation next`. */
      command: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
      /** How a run is found, tried in order (a command may declare its own `find`). */
      find: z.array(Finder).min(1).default(['here']),
      /** The reference prefix of `vars.ref` (FB for FB-0042): `reference` finds runs by it. */
      reference: z.string().regex(/^[A-Z]{1,4}$/).optional(),
      /**
       * With `reference`: the variable that, once set, puts a run in its script's list of runs
       * (what lists such as `/feedback list` read, newest first); without it, a run is listed as
       * soon as it has its reference. A report is listed once filed (`status`), so lists and the
       * "me too" offer do not read intakes still under way. A run that ended is listed whatever it
       * holds, so that retention, which reads the list, finds an intake that was never filed.
       */
      listed: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/).optional(),
      /** Message key prefix of one-line help per command (`<help>.<command>`); listed in /help when present. */
      help: z.string().optional(),
      /** Which community roles may see a command of a run role in /help (run role -> roles); everyone otherwise. */
      roles: z.record(RunRole, z.array(Role).min(1)).default({}),
      /** Said when no run is found for a command (with `{ref}` when a reference was typed). */
      notFound: MessageKey.optional(),
      /** Said instead when no reference was typed and no run was found otherwise (with `{command}`). */
      noReference: MessageKey.optional(),
      /**
       * The command a plain direct message stands for, with what was written as its text, from a
       * person a run of this script awaits a private answer from (listed in its `vars.replyFrom`).
       * Those it asked a question of (`vars.askedFrom`; all of them when a run does not set it) are
       * awaited in their direct messages as a question is: the newer of it and a question waiting
       * there takes the message; the others only when nothing waits for them there.
       */
      directReply: z.string().regex(/^[a-z][a-z_-]*$/).optional(),
      /**
       * When given, only a direct message that is one of these words (message keys, read in every
       * language the bot speaks, case and closing punctuation aside) stands for `directReply`; any
       * other goes where a direct message would go otherwise.
       */
      directWords: z.array(MessageKey).min(1).optional(),
    })
    .optional(),
  /** Commands (or buttons) that work in any step, e.g. pause, resume, withdraw. */
  commands: z.record(z.string().regex(/^[a-z][a-z_-]*$/), Handler).default({}),
  /** Timers handled in any step: timer name -> handler (a timer fires by itself, so it has no roles). */
  timers: z.record(z.string(), TimerHandler).default({}),
  /** The stages (or phases) of the flow, in order; a step marks the one it begins with `stage:`. */
  stages: z.array(Stage).default([]),
  /**
   * Decides the run role of someone who is not a participant yet (for example a member of the
   * responsible party, or a coordinator). Returning a role makes them a participant with it.
   */
  roleFn: FnName.optional(),
  /**
   * The language of the run's own space (its thread or private channel): `channel`, that of the
   * channel it was opened from; `everyone`, that one and, below it, the language of each
   * participant who reads another (a small group such as a mediation, where everyone must follow).
   */
  spaceSpeaks: z.enum(['channel', 'everyone']).default('channel'),
  /** Called for every message in the run's shared space, before the step sees it. */
  onMessage: Hook.optional(),
  /**
   * Called for a button of this run made by a function with `ctx.choice(value, label)` (not a
   * command button), before the step sees it: e.g. votes on statements. Returns 'stop' when handled.
   */
  onChoice: Hook.optional(),
  steps: z.record(StepId, Step),
});
export type Flow = z.infer<typeof Flow>;
