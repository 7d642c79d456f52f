import { randomBytes } from 'node:crypto';
import { Locale, type Community } from '../config/schema';
import { completeOutcome, type Outcome, type OutcomeDraft, type OutcomeStore } from '../evaluation/outcome';
import type { Pseudonymise } from '../evaluation/pseudonym';
import type { FlowEnv } from '../flows/context';
import { spaceAwaited, startRun, transition, type StepResult } from '../flows/engine';
import type { FlowFunctions } from '../flows/functions';
import { RUN_SCHEMA_VERSION, type Run } from '../flows/run';
import type { Flow } from '../flows/schema';
import { keys } from '../state/keys';
import type { Clock, Scheduler, Timer } from '../state/scheduler';
import { SEEN_TTL_MS, type StateStore } from '../state/store';
import { timerId, type KeptAnswer } from '../state/turn';
import { createOutcomeDelivery } from '../evaluation/outbox-delivery';
import { findReferenced } from './referenced';
import { OPENING_SPACES, runsInList } from './indexes';
import type { PlatformRecords } from '../privacy/platform-records';
import { DuplicateEvent, type AnsweredEvent } from './answered-event';
import { replyingTo, type Action, type ActionResult, type Audience } from './actions';
import type { Catalogue } from './catalogue';
import { commandList, type CommandEntry } from './command-list';
import { createCommandContext } from './command-runner';
import { commandHelp, helpText, usageIn, usageOf, type PlatformCommand } from './help';
import type { CommandSpec, StartFlowInit } from './commands';
import { completeInboundEvent, conversationKey, InboundEvent, type CommandEvent, type ConversationRef, type FlowEvent } from './events';
import { createKeyedLock, createLeasedLock } from './lock';
import type { Logger } from './log';
import { rolesOf } from './roles';
import { createDelivery } from './delivery';
import { createRouter, routeOf } from './router';
import { listOf } from './wording';
import type { BotObserver } from './observer';
import type { Jobs } from '../state/jobs';
import { createFleetWork } from './fleet-work';
import { slowWorkInput } from './slow-work';

/** How the core reaches a platform: an adapter performs actions and reports what it did. */
export interface Outbox {
  perform(action: Action): Promise<ActionResult>;
  /** How people type a command on this platform when it is not `/name` (Slack: `/cg `, as in `/cg feedback`). */
  commandPrefix?: string;
  /** Commands the platform itself offers (the local chat's `/as`), listed in /help. */
  platformCommands?: PlatformCommand[];
  /** Which processes can finish this platform's slow work: those of the same group (a Discord shard); any by default. */
  workGroup?: string;
  /** Where the platform keeps its reply to an event being handled here, kept with the event's answer (`KeptMarks.replyHandle`). */
  replyHandle?(eventId: string): string | undefined;
}

export interface BotDeps {
  community: Community;
  catalogue: Catalogue;
  flows: Map<string, Flow>;
  functions: FlowFunctions;
  commands: CommandSpec[];
  state: StateStore;
  outcomes: OutcomeStore;
  scheduler: Scheduler;
  clock: Clock;
  pseudonymise: Pseudonymise;
  log: Logger;
  /** The command a direct message to the bot starts when it answers no question (e.g. `feedback`). */
  directMessageCommand?: string;
  /** Told what happens, for metrics and health (counts and durations only). */
  observer?: BotObserver;
  /** What platforms keep of their own about people, for the privacy rights (the web chat's sessions). */
  platformRecords?: readonly PlatformRecords[];
  /** The fleet's job queue (state on Redis): timers and slow work run as jobs in any process. */
  jobs?: Jobs;
}

export interface Bot {
  readonly deps: BotDeps;
  /** Connects a platform's outbox; actions for that platform go through it. */
  attach(platform: string, outbox: Outbox): void;
  /** Handles one inbound event from an adapter. Never throws: problems are answered kindly and logged. */
  handle(event: unknown): Promise<void>;
  /** Fires the timers due now (the scheduler calls this; tests call it with a fake clock). */
  fireDue(options?: { concurrency?: number }): Promise<number>;
  startTimers(intervalMs?: number): () => Promise<void>;
  startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run>;
  /** Every command, flat: feature commands and those flow scripts declare. For platforms and /help. */
  commandList(): CommandEntry[];
  /** Resolves when no event is being handled and no slow work is under way. */
  idle(): Promise<void>;
  /** Sends the answers kept in the store whose process stopped before sending them (each once); returns how many. */
  sendKeptAnswers(): Promise<number>;
  /**
   * Opens the spaces (threads, private channels) runs asked for and did not get: the process that
   * asked stopped before opening it, or the platform did not answer. Returns how many were opened.
   */
  resumeSpaces(): Promise<number>;
}

/**
 * A saved turn: its outcomes, to deliver after its actions, and its kept answer (sent with the action
 * at `last`; `rendered[i]` is action i as kept, already in its recipient's language).
 */
interface Saved {
  outcomes: Outcome[];
  kept?: { id: string; last: number; rendered: (Action | undefined)[] };
}

/** Whether an action answers its event and is kept with it until sent (a file is not: slow work sends it after the event is recorded). */
const keptWithEvent = (action: Action): boolean => 'replyTo' in action && !!action.replyTo && !(action.kind === 'send' && action.attachment);
/**
 * What a saved turn keeps with its event until sent: its answers, and every message it sends
 * elsewhere (a new report's notice in its party's channel, an update to the resident by direct
 * message), so that a process stopping between the save and the sending loses none of them.
 */
const keptWithTurn = (action: Action): boolean => keptWithEvent(action) || (action.kind === 'send' && !action.attachment);

/** The identity of the `n`-th action of the answer kept as `id` (the event's seen key), the same in every process. */
const keptIdentity = (id: string, n: number) => `${id}#${n}`;

/**
 * On a store several processes share, a space asked for this recently may still be being opened by
 * the process that asked; it is left to that process.
 */
const SPACE_GRACE_MS = 60_000;

/** Saves of one turn tried at most: each retry runs the pure step again on the run as it now is. */
const MAX_ATTEMPTS = 8;

/** Where a private answer to the person behind an event goes. */
export function privatelyTo(event: InboundEvent): Audience {
  return event.ref.direct ? { kind: 'conversation', ref: event.ref, userId: event.user.id } : { kind: 'private', ref: event.ref, userId: event.user.id };
}

export function createBot(deps: BotDeps): Bot {
  const { community, catalogue, flows, state, outcomes, scheduler, clock, log } = deps;
  const outboxes = new Map<string, Outbox>();
  // The one lock: events of one conversation are handled one at a time. A run reached from several
  // places is protected by its sequence number instead (a conflicting save is retried).
  // On a store several processes share (Redis), the lock is a lease there, so it holds fleet-wide.
  const lock = state.leases ? createLeasedLock(state.leases, randomBytes(9).toString('base64url')) : createKeyedLock();
  const router = createRouter(deps);
  const entries = commandList(deps.commands, flows.values(), (key) => catalogue.has(community.locale, key));
  /** Runs whose space this process is opening now (`resumeSpaces` leaves them alone). */
  const openingHere = new Set<string>();
  /** Slow work running outside the lock, so idle() can wait for it. */
  const outside = new Set<Promise<unknown>>();
  const delivery = createOutcomeDelivery(state, outcomes, log);
  /** Events being handled in this process, by seen key (a second delivery meanwhile is dropped at once). */
  const inFlight = new Map<string, AnsweredEvent & { failed?: boolean }>();
  const observer: BotObserver = deps.observer ?? {};
  /** When each event being handled arrived, until its first answer is performed. */
  const awaitingFirstAnswer = new Map<string, { at: number; kind: string }>();
  // Run ids: a random prefix for this bot and a counter (unique, short, cheap to make).
  const runIdPrefix = randomBytes(6).toString('base64url');
  let runCounter = 0;
  const newRunId = () => `${runIdPrefix}${(runCounter += 1).toString(36).padStart(4, '0')}`;
  const env: FlowEnv = {
    functions: deps.functions,
    translate: (locale, key, vars) => catalogue.t(locale, key, vars),
    community,
    pseudonymise: deps.pseudonymise,
  };

  const platformOf = (action: Action): string => {
    switch (action.kind) {
      case 'send':
        return action.to.kind === 'direct' ? action.to.platform : action.to.ref.platform;
      case 'edit':
      case 'form':
      case 'add-member':
        return action.ref.platform;
      case 'open-space':
        return action.parent.platform;
    }
  };

  /**
   * Performs an action. The first answer to an event no turn has recorded yet (e.g. /help) is kept
   * in the store with the event's seen mark, in one write, then sent and forgotten: a retry of the
   * event is recognised, and if this process dies before sending it another one sends it. The kept
   * action carries its identity (`keptAs`), so that one sent again is shown once where the platform can.
   */
  async function perform(action: Action, answering?: InboundEvent): Promise<ActionResult> {
    // An action says which event it answers, so an adapter answers that interaction and no other.
    const stamped = replyingTo(action, answering);
    const handling = answering && inFlight.get(keys.seen(answering.ref.platform, answering.eventId));
    if (answering && handling && !handling.claimed && !handling.failed && outboxes.has(platformOf(action))) {
      const kept = await keptAnswerOf([stamped], answering, handling.key, lockKey(answering));
      if (kept.actions.length > 0) {
        if ((await state.answers.keep(kept)) === 'duplicate') throw new DuplicateEvent();
        handling.claimed = true;
        const result = await send(kept.actions[0] as Action, answering);
        await state.answers.sent(kept.id);
        return result;
      }
    }
    return send(stamped, answering);
  }

  /** The answers among `actions` (those marked as answering the event), as they are sent, to keep with the event. */
  async function keptAnswerOf(actions: Action[], event: InboundEvent | undefined, id: string, lock: string, keep: (action: Action) => boolean = keptWithEvent): Promise<KeptAnswer> {
    const kept: Action[] = [];
    const replyHandle = event ? outboxes.get(event.ref.platform)?.replyHandle?.(event.eventId) : undefined;
    for (const action of actions) {
      if (!keep(action)) continue;
      const marks = { keptAs: keptIdentity(id, kept.length), ...(replyHandle && event && (action as { replyTo?: string }).replyTo === event.eventId ? { replyHandle } : {}) };
      kept.push({ ...recipients.markedOnce(await recipients.inRecipientLanguage(action)), ...marks } as Action);
    }
    return { id, lock, actions: kept };
  }

  /**
   * Sends a kept answer that is still unsent, then forgets it; the caller holds its conversation's
   * lock. It is marked as sent again: the process that kept it may have sent it before it stopped,
   * and an adapter that can tell leaves out what the platform already shows.
   */
  async function sendKept(id: string): Promise<boolean> {
    const kept = await state.answers.get(id);
    if (!kept) return false;
    // Kept as rendered for its recipient: sent as it is, not rendered again.
    for (const action of kept.actions) await send({ ...(action as Action), resent: true } as Action, undefined, true);
    // Commands the turn handed on: each reaches its run once (a run that had it already finds it seen).
    for (const passed of kept.handOn ?? []) await handOn(passed.runId, passed.command, passed.from as InboundEvent);
    await state.answers.sent(id);
    return true;
  }

  /** Takes the conversation's lock and sends the event's kept answer if it is still unsent. */
  async function deliverKept(id: string): Promise<boolean> {
    const kept = await state.answers.get(id);
    return kept ? lock.run(kept.lock, () => sendKept(id)) : false;
  }

  /** Sends an action through its platform's outbox; `rendered`: already in its recipient's language and marked once (a kept answer). */
  async function send(stamped: Action, answering?: InboundEvent, rendered = false): Promise<ActionResult> {
    const platform = platformOf(stamped);
    const outbox = outboxes.get(platform);
    if (!outbox) {
      log.warn({ platform, action: stamped.kind }, 'no adapter for platform');
      return { kind: 'done' };
    }
    const waiting = answering && awaitingFirstAnswer.get(`${answering.ref.platform}:${answering.eventId}`);
    if (waiting && answering) {
      awaitingFirstAnswer.delete(`${answering.ref.platform}:${answering.eventId}`);
      observer.firstResponse?.({ platform, kind: waiting.kind, seconds: (performance.now() - waiting.at) / 1000 });
    }
    try {
      // Then it is written in the language of whoever receives it, and commands as typed there.
      return await outbox.perform(recipients.withPrefix(rendered ? stamped : recipients.markedOnce(await recipients.inRecipientLanguage(stamped)), outbox.commandPrefix));
    } catch (error) {
      log.error({ platform, action: stamped.kind, err: (error as Error).message }, 'action failed');
      observer.failure?.({ platform, where: 'action' });
      return { kind: 'done' };
    }
  }

  const recipients = createDelivery({ community, catalogue, state, commandNames: [...new Set(entries.map((c) => c.name))] });
  const localeOf = recipients.localeOf;

  /**
   * Saves the turn in one write (the run with compare-and-set on its sequence, its index entries,
   * its timers, its outcomes in the outbox, the event it answers with its answers kept until sent);
   * null (nothing written) when the run was saved by someone else meanwhile. Nothing is said before
   * this. The outcomes are delivered after the turn's actions (`act`), so answers do not wait for them.
   */
  async function save(before: Run | null, result: StepResult, flow: Flow, answering: AnsweredEvent | undefined, event: InboundEvent | undefined): Promise<Saved | null> {
    const run = result.run;
    const completed = result.outcomes.map((draft: OutcomeDraft) =>
      completeOutcome(draft, { at: clock.now(), mechanism: flow.mechanism, project: run.project ?? 'none', stage: run.stage, flow: flow.id, step: draft.step ?? run.step, run: run.id }),
    );
    const claim = answering && !answering.claimed ? answering : undefined;
    const stamped = result.actions.map((action) => replyingTo(action, event));
    // A timer's turn keeps its messages too (a reminder, a poll's results), under its run's lock.
    const kept = claim ? await keptAnswerOf(stamped, event, claim.key, event ? lockKey(event) : `run:${run.id}`, keptWithTurn) : undefined;
    // A command handed on to another run is kept with the turn too, and given once the turn's messages are sent.
    if (kept && event && result.passed.length > 0) kept.handOn = result.passed.map((passed) => ({ ...passed, from: { eventId: event.eventId, ref: event.ref, user: event.user } }));
    const status = await state.commitTurn({
      before,
      run,
      cancelTimers: result.cancelTimers,
      timers: result.timers.map((timer) => ({ id: timerId(run.id, timer.name), runId: run.id, name: timer.name, at: timer.at, payload: timer.payload ?? {} })),
      outcomes: completed,
      ...(claim ? { seen: { key: claim.key, ttlMs: SEEN_TTL_MS } } : {}),
      ...(claim?.fired ? { fired: claim.fired } : {}),
      ...(kept && (kept.actions.length > 0 || kept.handOn) ? { answer: kept } : {}),
    });
    if (status === 'duplicate') throw new DuplicateEvent();
    if (status === 'conflict') return null;
    if (claim) claim.claimed = true;
    // The fleet fires the timers through the job queue; a job not added now is added by the fleet's periodic check.
    if (deps.jobs && result.timers.length > 0) await deps.jobs.addTimers(result.timers.map((t) => ({ id: timerId(run.id, t.name), at: t.at })), clock.now()).catch((error: unknown) => log.warn({ err: (error as Error).message }, 'timer job not added'));
    if (!kept || (kept.actions.length === 0 && !kept.handOn)) return { outcomes: completed };
    // The kept answer is sent as kept: its language was looked up and its words rendered once.
    let next = 0;
    const rendered = stamped.map((action) => (keptWithTurn(action) ? (kept.actions[(next += 1) - 1] as Action) : undefined));
    // With commands to hand on, the kept answer is forgotten after they are given (`act`), not after the last message.
    return { outcomes: completed, kept: { id: kept.id, last: kept.handOn ? -1 : stamped.findLastIndex(keptWithTurn), rendered } };
  }

  /** Performs a saved turn's actions (forgetting its kept answer once sent), then delivers its outcomes; remembers the messages a run may edit later. */
  async function act(result: StepResult, answering: InboundEvent | undefined, answered: AnsweredEvent | undefined, saved: Saved): Promise<void> {
    const run = result.run;
    const remembered: Run['messages'] = {};
    for (const [index, action] of result.actions.entries()) {
      // The event is recorded by the saved turn, so its kept answer goes straight to the platform.
      const kept = saved.kept?.rendered[index];
      const outcome = kept ? await send(kept, answering, true) : action.kind === 'open-space' ? await openSpace(run.id, action, answering, answered) : await perform(action, answering);
      if (saved.kept && index === saved.kept.last) await state.answers.sent(saved.kept.id);
      if (action.kind === 'send' && action.key && outcome.kind === 'sent') {
        const ref = action.to.kind === 'conversation' || action.to.kind === 'private' ? action.to.ref : null;
        if (ref) remembered[action.key] = { ref, messageRef: outcome.messageRef };
      }
    }
    // A command handed on to another run reaches it once: the same event delivered again finds it seen.
    if (answering) for (const passed of result.passed) await handOn(passed.runId, passed.command, answering);
    if (saved.kept && saved.kept.last === -1) await state.answers.sent(saved.kept.id);
    // Outcomes go to the evaluation store after the conversation is released, when an event waits for them.
    if (saved.outcomes.length > 0) {
      if (answered?.afterRelease) answered.afterRelease.push(delivery.deliver(saved.outcomes));
      else await delivery.deliver(saved.outcomes);
    }
    if (Object.keys(remembered).length === 0) return;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const latest = await state.getRun(run.id);
      if (!latest || (await state.saveRun({ ...latest, messages: { ...latest.messages, ...remembered } }, latest.seq))) return;
    }
  }

  /**
   * Asks the platform for a run's space, and the run goes on in it; meanwhile `resumeSpaces` leaves
   * that run alone, until the run has recorded its space.
   */
  async function openSpace(runId: string, action: Action, answering?: InboundEvent, answered?: AnsweredEvent): Promise<ActionResult> {
    openingHere.add(runId);
    try {
      const outcome = await perform(action, answering);
      if (outcome.kind === 'space') await step(runId, { kind: 'space-opened', eventId: `space:${runId}:${conversationKey(outcome.ref)}`, runId, ref: outcome.ref }, answered);
      return outcome;
    } finally {
      openingHere.delete(runId);
    }
  }

  /** Asks again for the space of each run still waiting for one (see `Bot.resumeSpaces`). */
  async function resumeSpaces(): Promise<number> {
    const grace = state.leases ? SPACE_GRACE_MS : 0;
    let opened = 0;
    for (const run of await runsInList(state, OPENING_SPACES)) {
      const flow = flows.get(run.flowId);
      const action = flow ? spaceAwaited(flow, run, env) : undefined;
      if (!action || openingHere.has(run.id) || clock.now() - run.updatedAt < grace) continue;
      if ((await openSpace(run.id, action)).kind !== 'space') continue;
      log.info({ run: run.id, flow: run.flowId }, 'opened the space a run was waiting for');
      opened += 1;
    }
    return opened;
  }

  /** Gives another run one of its commands, as the person behind `from` using it there, in the same place. */
  async function handOn(runId: string, command: string, from: InboundEvent): Promise<void> {
    const target = await state.getRun(runId).catch(() => undefined);
    const flow = target && flows.get(target.flowId);
    if (!flow) return;
    const eventId = `${from.eventId}:${command}:${runId}`;
    const event: CommandEvent = { kind: 'command', name: routeOf(flow).command, args: [command], options: {}, canOpenForm: false, eventId, ref: from.ref, user: from.user };
    try {
      await step(runId, event, { key: keys.seen(from.ref.platform, eventId), claimed: false });
    } catch (error) {
      if (!(error instanceof DuplicateEvent)) throw error;
    }
  }

  /**
   * One turn of a run: the pure step, saved with compare-and-set (retried on a conflicting save), then
   * its actions. `answered` is the event being handled, recorded as seen by the first turn it saves.
   * `read` is the run as just read with the key that found it: the first attempt starts from it (a
   * run saved since is a conflicting save, and the next attempt reads it again).
   */
  async function step(runId: string, event: FlowEvent, answered?: AnsweredEvent, read?: Run): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const before = attempt === 0 && read ? read : await state.getRun(runId);
      if (!before) return;
      const flow = flows.get(before.flowId);
      if (!flow) {
        log.warn({ run: runId, flow: before.flowId }, 'run of an unknown flow');
        return;
      }
      // An answer naming another run (`refersTo`) is looked up first; one naming no such run changes nothing.
      const referenced = await findReferenced(state, flows, flow, before, event);
      if (referenced.kind === 'missing' && event.kind === 'message') {
        return reply(event, await localeOf(event.ref.platform, event.user.id), referenced.key, referenced.vars);
      }
      const result = transition(flow, before, event, clock.now(), env, referenced.kind === 'found' ? referenced.run : null);
      const answering = 'user' in event ? event : undefined;
      const saved = await save(before, result, flow, answered, answering);
      if (saved) return act(result, answering, answered, saved);
    }
    throw new Error('run changed concurrently');
  }

  async function startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null, answered?: AnsweredEvent): Promise<Run> {
    const flow = flows.get(flowId);
    if (!flow) throw new Error(`no flow "${flowId}"`);
    const now = clock.now();
    // Built here from checked parts, so it is not parsed again; runs read back from storage are.
    const run: Run = {
      schema: RUN_SCHEMA_VERSION,
      id: newRunId(),
      flowId,
      flowVersion: flow.version,
      locale: init.locale ?? community.locale,
      status: 'active',
      step: flow.start,
      trail: [],
      home: init.home,
      space: null,
      project: init.project ?? null,
      stage: init.stage ?? null,
      participants: init.participants.map((p) => ({ ...p, active: p.active ?? true })),
      vars: init.vars ?? {},
      pending: null,
      messages: {},
      startedAt: now,
      updatedAt: now,
      seq: 0,
    };
    const result = startRun(flow, run, trigger, now, env);
    const saved = await save(null, result, flow, answered, trigger ?? undefined);
    if (!saved) throw new Error('run changed concurrently');
    await act(result, trigger ?? undefined, answered, saved);
    return (await state.getRun(run.id)) ?? run;
  }

  async function reply(event: InboundEvent, locale: Locale, key: string, vars?: Record<string, string | number>): Promise<void> {
    const text = catalogue.t(locale, key, vars);
    await perform({ kind: 'send', to: privatelyTo(event), text }, event);
  }

  /** Says kindly who may use a command. */
  async function refuse(event: InboundEvent, command: Pick<CommandEntry, 'name' | 'sub' | 'roles'>): Promise<void> {
    const locale = await localeOf(event.ref.platform, event.user.id);
    const names = command.roles.map((r) => catalogue.t(locale, `core.role.${r}`)).join(' / ');
    return reply(event, locale, 'core.refused', { command: `/${command.name}${command.sub ? ` ${command.sub}` : ''}`, roles: names });
  }

  const lockKey = (event: InboundEvent) => `conv:${conversationKey(event.ref)}:${event.ref.direct ? event.user.id : ''}`;

  /** Handles one event under its conversation's lock; slow work is queued on `later`, to run after. */
  async function route(event: InboundEvent, later: (() => Promise<void>)[], phase: { locked: boolean }, answered: AnsweredEvent): Promise<void> {
    await recipients.notePlatformLocale(event);
    const roles = rolesOf(event.user, community);
    // A script's command is kept for the community roles its script names (the mediator's for social workers).
    const declared = event.kind === 'command' ? entries.find((e) => e.flow !== undefined && e.name === event.name && e.sub === event.args[0]?.toLowerCase()) : undefined;
    if (declared && !declared.roles.some((r) => roles.includes(r))) return refuse(event, declared);
    const destination = await router.resolve(event);
    if (destination.kind === 'ignore') return;
    // A run's turn writes its replies in each recipient's language at delivery; the rest need it here.
    if (destination.kind === 'run') return step(destination.runId, destination.event, answered, destination.run);
    const locale = await localeOf(event.ref.platform, event.user.id);
    if (destination.kind === 'refuse') {
      const vars = Object.fromEntries(Object.entries(destination.vars ?? {}).map(([name, value]) => [name, Array.isArray(value) ? listOf(value, locale, 'disjunction') : value]));
      return reply(event, locale, destination.key, vars);
    }
    if (destination.kind === 'help') {
      const sources = { commands: entries, flows, community, catalogue, platformCommands: outboxes.get(event.ref.platform)?.platformCommands ?? [] };
      const [name, sub] = event.kind === 'command' ? event.args : [];
      const text = name ? commandHelp(sources, name, sub, locale) : helpText(sources, event.user, locale);
      await perform({ kind: 'send', to: privatelyTo(event), text }, event);
      return;
    }
    const { spec } = destination;
    if (!spec.roles.some((r) => roles.includes(r))) return refuse(event, spec);
    if (spec.inRun) {
      // A command for one role in a run: checked here, from the same declaration /help lists it by.
      const { flow: flowId, roles: runRoles, refuse: refusal } = spec.inRun;
      const run = destination.here ? await state.getRun(destination.here).catch(() => undefined) : undefined;
      const command = `/${spec.name}${spec.sub ? ` ${spec.sub}` : ''}`;
      if (!run || run.flowId !== flowId) return reply(event, locale, flows.get(flowId)?.route?.notFound ?? 'core.run_not_found', { command, ref: '' });
      const role = run.participants.find((p) => p.userId === event.user.id && p.active)?.role;
      if (!role || !runRoles.includes(role)) {
        const names = runRoles.map((r) => catalogue.t(locale, `core.run_role.${r}`)).join(' / ');
        return reply(event, locale, refusal ?? 'core.flow.not_your_command', { roles: names, command });
      }
    }
    // A command that needs words and got none says what it needs, instead of working with nothing.
    const given = (spec.sub !== undefined ? destination.event.args.length - 1 : destination.event.args.length) + Object.keys(destination.event.options).length;
    if (given === 0 && spec.options?.some((o) => o.required)) return reply(event, locale, 'core.command_needs_more', { usage: usageIn(usageOf(spec), catalogue, locale), command: spec.name });
    const ctx = createCommandContext({
      event: destination.event,
      roles,
      locale,
      deps,
      spec,
      here: destination.here,
      perform: (action) => perform(action, event),
      startFlow: (flowId, init, trigger) => startFlow(flowId, init, trigger, answered),
      // A result worked out after the lock was released comes back as an event, under the lock.
      deliver: (runId, derived: CommandEvent) => (phase.locked ? step(runId, derived, answered) : lock.run(lockKey(event), () => step(runId, { ...derived, eventId: `${event.eventId}:result` }))),
      later: (work) => later.push(work),
      ...(spec.noteIfInterrupted === false ? {} : { keepUntilDone }),
      // In a fleet, slow work is a job any process may run; when the queue does not answer, it runs here.
      ...(fleet ? { queue: (note: ActionResult, here: () => Promise<void>) => later.push(() => fleet.queue(slowWorkInput(spec, destination.event, roles, locale, destination.here, note), here)) } : {}),
    });
    await spec.run(ctx);

    /** The note slow work leaves with the store until it is done (see `CommandSpec.noteIfInterrupted`). */
    async function keepUntilDone(action: Action): Promise<() => Promise<void>> {
      const id = keys.seen('slow-work', `${event.ref.platform}:${event.eventId}`);
      await state.answers.keep({ id, lock: lockKey(event), actions: [{ ...action, keptAs: id }] });
      return () => state.answers.sent(id);
    }
  }

  /** A due timer becomes a flow event, once: a timer fired again after a crash is recognised. */
  async function fireTimer(timer: Timer): Promise<void> {
    const eventId = `${timer.id}@${timer.at}`;
    if (await state.hasSeen('timer', eventId)) return;
    // The turn the timer starts removes it and records it as seen, in its own write.
    const answered: AnsweredEvent = { key: keys.seen('timer', eventId), claimed: false, fired: { id: timer.id, at: timer.at } };
    try {
      await step(timer.runId, { kind: 'timer', eventId, runId: timer.runId, name: timer.name, payload: timer.payload }, answered);
    } catch (error) {
      if (error instanceof DuplicateEvent) return;
      observer.failure?.({ platform: 'timer', where: 'timer' });
      throw error;
    }
  }

  // In a fleet (state on Redis), timers and slow work are jobs any process may take.
  const fleet = deps.jobs
    ? createFleetWork({
        jobs: deps.jobs,
        deps,
        perform,
        startFlow,
        outboxes,
        fireTimer,
        // A command's result reaches each run once: a try after a crash finds it seen.
        deliverResult: (runId, event) => lock.run(lockKey(event), () => step(runId, { ...event, eventId: `${event.eventId}:result` }, { key: keys.seen(event.ref.platform, `${event.eventId}:result:${runId}`), claimed: false })),
      })
    : undefined;

  const bot: Bot = {
    deps,
    attach(platform, outbox) {
      outboxes.set(platform, outbox);
      fleet?.attach(platform);
    },
    async handle(raw) {
      let event = completeInboundEvent(raw);
      if (!event) {
        const parsed = InboundEvent.safeParse(raw);
        if (!parsed.success) {
          log.warn({ issues: parsed.error.issues.length }, 'dropped an event that does not match the event schema');
          return;
        }
        event = parsed.data;
      }
      const later: (() => Promise<void>)[] = [];
      const answerKey = `${event.ref.platform}:${event.eventId}`;
      let outcome: 'handled' | 'duplicate' | 'failed' = 'handled';
      const answered: AnsweredEvent & { failed?: boolean } = { key: keys.seen(event.ref.platform, event.eventId), claimed: false, afterRelease: [] };
      const failed = async (error: unknown) => {
        outcome = 'failed';
        // The apology is not the event's answer: the event stays unrecorded, and is handled when delivered again.
        answered.failed = true;
        log.error({ platform: event.ref.platform, event: event.kind, err: (error as Error).message }, 'event failed');
        const locale = await localeOf(event.ref.platform, event.user.id).catch(() => community.locale);
        await reply(event, locale, 'core.error.unexpected').catch(() => undefined);
      };
      let mine = false;
      try {
        // Seen events are recorded by the turn they start, or with their first answer (or after
        // handling, when neither happens).
        if (inFlight.has(answered.key)) {
          log.debug({ platform: event.ref.platform, event: event.kind }, 'duplicate event ignored');
          outcome = 'duplicate';
          return;
        }
        if (await state.hasSeen(event.ref.platform, event.eventId)) {
          log.debug({ platform: event.ref.platform, event: event.kind }, 'duplicate event ignored');
          outcome = 'duplicate';
          // Its answer, kept by a process that stopped before sending it, is sent now (once).
          await deliverKept(answered.key);
          return;
        }
        inFlight.set(answered.key, answered);
        mine = true;
        awaitingFirstAnswer.set(answerKey, { at: performance.now(), kind: event.kind });
        const phase = { locked: true };
        // Slow work (a model's draft, a chart) runs after the lock is released, with the
        // conversation free for others; until it is done the event counts as in progress.
        const whole = lock
          .run(lockKey(event), async () => {
            // With the lock shared by several processes, another one may have handled the event
            // while this one waited; it records an event that starts no turn before letting go.
            if (state.leases && (await state.hasSeen(event.ref.platform, event.eventId))) {
              await sendKept(answered.key);
              throw new DuplicateEvent();
            }
            await route(event, later, phase, answered);
            if (state.leases && !answered.claimed) await state.markSeen(event.ref.platform, event.eventId);
          })
          .then(async () => {
            phase.locked = false;
            await Promise.all(answered.afterRelease ?? []);
            delete answered.afterRelease;
            if (!answered.claimed && !state.leases) await state.markSeen(event.ref.platform, event.eventId);
            // Recorded now: work done after the lock (slow commands) saves its turns without it.
            answered.claimed = true;
            for (let n = 0; n < later.length; n += 1) observer.slowWork?.(1);
            for (const work of later) await work().catch(failed).finally(() => observer.slowWork?.(-1));
          });
        outside.add(whole);
        try {
          await whole;
        } finally {
          outside.delete(whole);
        }
      } catch (error) {
        if (error instanceof DuplicateEvent) {
          log.debug({ platform: event.ref.platform, event: event.kind }, 'duplicate event ignored');
          outcome = 'duplicate';
          return;
        }
        await failed(error);
      } finally {
        // Outcomes of an event that failed after its turn was saved are delivered all the same.
        await Promise.all(answered.afterRelease ?? []);
        if (mine) inFlight.delete(answered.key);
        if (mine) awaitingFirstAnswer.delete(answerKey);
        observer.eventHandled?.({ platform: event.ref.platform, kind: event.kind, outcome });
      }
    },
    fireDue: (options) => scheduler.runDue(clock.now(), fireTimer, options?.concurrency),
    startTimers: (intervalMs) => (fleet ? fleet.start() : scheduler.start(clock, fireTimer, intervalMs)),
    startFlow,
    commandList: () => entries,
    resumeSpaces,
    async sendKeptAnswers() {
      let sent = 0;
      for (const kept of await state.answers.pending()) if (await lock.run(kept.lock, () => sendKept(kept.id))) sent += 1;
      return sent;
    },
    async idle() {
      await lock.idle();
      while (outside.size > 0) {
        await Promise.allSettled([...outside]);
        await lock.idle();
      }
    },
  };
  return bot;
}
