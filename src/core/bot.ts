import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Locale, type Community } from '../config/schema';
import { completeOutcome, type OutcomeDraft, type OutcomeStore } from '../evaluation/outcome';
import type { Pseudonymise } from '../evaluation/pseudonym';
import { decodeChoice, inboundWhereKey, type FlowEnv } from '../flows/context';
import { startRun, transition, type StepResult } from '../flows/engine';
import type { FlowFunctions } from '../flows/functions';
import { RUN_SCHEMA_VERSION, type Run } from '../flows/run';
import type { Flow } from '../flows/schema';
import { keys } from '../state/keys';
import type { Clock, Scheduler, Timer } from '../state/scheduler';
import type { StateStore } from '../state/store';
import type { Action, ActionResult, Audience } from './actions';
import type { Catalogue } from './catalogue';
import { createCommandContext, findCommand } from './command-runner';
import { commandHelp, helpText, usageOf, type PlatformCommand } from './help';
import type { CommandSpec, StartFlowInit } from './commands';
import { completeInboundEvent, conversationKey, InboundEvent, type ConversationRef, type FlowEvent } from './events';
import { createKeyedLock } from './lock';
import type { Logger } from './log';
import { rolesOf } from './roles';
import { createDelivery } from './delivery';

/** How the core reaches a platform: an adapter performs actions and reports what it did. */
export interface Outbox {
  perform(action: Action): Promise<ActionResult>;
  /** How people type a command on this platform when it is not `/name` (Slack: `/cg `, as in `/cg feedback`). */
  commandPrefix?: string;
  /** Commands the platform itself offers (the local chat's `/as`), listed in /help. */
  platformCommands?: PlatformCommand[];
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
}

export interface Bot {
  readonly deps: BotDeps;
  /** Connects a platform's outbox; actions for that platform go through it. */
  attach(platform: string, outbox: Outbox): void;
  /** Handles one inbound event from an adapter. Never throws: problems are answered kindly and logged. */
  handle(event: unknown): Promise<void>;
  /** Fires the timers due now (the scheduler calls this; tests call it with a fake clock). */
  fireDue(): Promise<number>;
  startTimers(intervalMs?: number): () => Promise<void>;
  startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run>;
  /** Resolves when no event is being handled. */
  idle(): Promise<void>;
}

/** Where a private answer to the person behind an event goes. */
export function privatelyTo(event: InboundEvent): Audience {
  return event.ref.direct ? { kind: 'conversation', ref: event.ref, userId: event.user.id } : { kind: 'private', ref: event.ref, userId: event.user.id };
}

export function createBot(deps: BotDeps): Bot {
  const { community, catalogue, flows, state, outcomes, scheduler, clock, log } = deps;
  const outboxes = new Map<string, Outbox>();
  const lock = createKeyedLock();
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

  async function perform(action: Action): Promise<ActionResult> {
    const platform = platformOf(action);
    const outbox = outboxes.get(platform);
    if (!outbox) {
      log.warn({ platform, action: action.kind }, 'no adapter for platform');
      return { kind: 'done' };
    }
    try {
      return await outbox.perform(delivery.withPrefix(await delivery.inRecipientLanguage(action), outbox.commandPrefix));
    } catch (error) {
      log.error({ platform, action: action.kind, err: (error as Error).message }, 'action failed');
      return { kind: 'done' };
    }
  }

  const delivery = createDelivery({ community, catalogue, state, commandNames: deps.commands.map((c) => c.name) });
  const localeOf = delivery.localeOf;

  /** Saves the run, moves its routing keys, records outcomes, schedules timers, then performs actions. */
  async function commit(before: Run | null, result: StepResult, flow: Flow): Promise<void> {
    const run = result.run;
    const saved = await state.saveRun(run, before?.seq ?? 0);
    if (!saved) throw new Error('run changed concurrently');
    await updateRouting(before, run);
    if (result.outcomes.length > 0) {
      await outcomes.append(
        result.outcomes.map((draft: OutcomeDraft) =>
          completeOutcome(draft, { at: clock.now(), mechanism: flow.mechanism, project: run.project ?? 'none', stage: run.stage, flow: flow.id, step: draft.step ?? run.step, run: run.id }),
        ),
      );
    }
    for (const name of result.cancelTimers) await scheduler.cancel(run.id, name);
    for (const timer of result.timers) await scheduler.schedule(run.id, timer.name, timer.at, timer.payload);
    let remembered = false;
    for (const action of result.actions) {
      const outcome = await perform(action);
      if (action.kind === 'send' && action.key && outcome.kind === 'sent') {
        const ref = action.to.kind === 'conversation' || action.to.kind === 'private' ? action.to.ref : null;
        if (ref) {
          run.messages[action.key] = { ref, messageRef: outcome.messageRef };
          remembered = true;
        }
      }
      if (action.kind === 'open-space' && outcome.kind === 'space') {
        await stepLocked(run.id, { kind: 'space-opened', eventId: `space:${run.id}:${conversationKey(outcome.ref)}`, runId: run.id, ref: outcome.ref });
      }
    }
    if (remembered) {
      const latest = await state.getRun(run.id);
      if (latest) {
        latest.messages = { ...latest.messages, ...run.messages };
        await state.saveRun(latest, latest.seq);
      }
    }
  }

  async function updateRouting(before: Run | null, run: Run): Promise<void> {
    const oldKeys = new Set(Object.entries(before?.pending?.where ?? {}).map(([user, where]) => keys.awaiting(where, user)));
    const newKeys = new Set(run.status === 'ended' ? [] : Object.entries(run.pending?.where ?? {}).map(([user, where]) => keys.awaiting(where, user)));
    for (const key of oldKeys) if (!newKeys.has(key)) await state.delete(key);
    for (const key of newKeys) if (!oldKeys.has(key)) await state.set(key, run.id);
    if (run.space && !before?.space) await state.set(keys.space(conversationKey(run.space)), run.id);
  }

  async function stepLocked(runId: string, event: FlowEvent): Promise<void> {
    const before = await state.getRun(runId);
    if (!before) return;
    const flow = flows.get(before.flowId);
    if (!flow) {
      log.warn({ run: runId, flow: before.flowId }, 'run of an unknown flow');
      return;
    }
    await commit(before, transition(flow, before, event, clock.now(), env), flow);
  }

  const step = (runId: string, event: FlowEvent) => lock.run(`run:${runId}`, () => stepLocked(runId, event));

  async function startFlow(flowId: string, init: StartFlowInit & { home: ConversationRef }, trigger: InboundEvent | null): Promise<Run> {
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
    await lock.run(`run:${run.id}`, () => commit(null, startRun(flow, run, trigger, now, env), flow));
    return (await state.getRun(run.id)) ?? run;
  }

  async function reply(event: InboundEvent, locale: Locale, key: string, vars?: Record<string, string | number>): Promise<void> {
    const text = catalogue.t(locale, key, vars);
    await perform({ kind: 'send', to: privatelyTo(event), text });
  }

  async function route(event: InboundEvent): Promise<void> {
    await delivery.notePlatformLocale(event);
    const locale = await localeOf(event.ref.platform, event.user.id);
    if (event.kind === 'command') {
      const roles = rolesOf(event.user, community);
      if (event.name === 'help') {
        const sources = { commands: deps.commands, flows, community, catalogue, platformCommands: outboxes.get(event.ref.platform)?.platformCommands ?? [] };
        const [name, sub] = event.args;
        const text = name ? commandHelp(sources, name, sub, locale) : helpText(sources, event.user, locale);
        await perform({ kind: 'send', to: privatelyTo(event), text });
        return;
      }
      const here = await state.get(keys.space(conversationKey(event.ref)), z.string());
      // `/name sub` with a spec of its own runs that spec. Otherwise, in a run's thread, a command
      // named like the run's flow (`/mediation next` in a mediation) goes to the run.
      const spec = findCommand(deps.commands, event.name, event.args[0]);
      if (here && spec?.sub === undefined && (await state.getRun(here))?.flowId === event.name) return step(here, event);
      if (!spec) {
        const subs = deps.commands.filter((c) => c.name === event.name && c.sub !== undefined).map((c) => c.sub as string);
        if (subs.length === 0) return reply(event, locale, 'core.command_unknown', { command: event.name });
        if (event.args[0] === undefined) return reply(event, locale, 'core.command_needs_sub', { command: event.name, subs: subs.join(', ') });
        return reply(event, locale, 'core.command_unknown_sub', { command: event.name, sub: event.args[0] });
      }
      if (!spec.roles.some((r) => roles.includes(r))) {
        const names = spec.roles.map((r) => catalogue.t(locale, `core.role.${r}`)).join(' / ');
        return reply(event, locale, 'core.refused', { command: `/${spec.name}${spec.sub ? ` ${spec.sub}` : ''}`, roles: names });
      }
      // A command that needs words and got none says what it needs, instead of working with nothing.
      const given = (spec.sub !== undefined ? event.args.length - 1 : event.args.length) + Object.keys(event.options).length;
      if (given === 0 && spec.options?.some((o) => o.required)) return reply(event, locale, 'core.command_needs_more', { usage: usageOf(spec), command: spec.name });
      const ctx = createCommandContext({ event, roles, locale, deps, perform, startFlow, step, here });
      await spec.run(ctx);
      return;
    }
    if (event.kind === 'choice' || event.kind === 'form') {
      const decoded = decodeChoice(event.kind === 'choice' ? event.value : event.formId);
      if (decoded && (await state.getRun(decoded.runId))) return step(decoded.runId, event);
      return reply(event, locale, 'core.flow.stale_choice');
    }
    const awaiting = await state.get(keys.awaiting(inboundWhereKey(event.ref, event.user.id), event.user.id), z.string());
    if (awaiting) return step(awaiting, event);
    const space = await state.get(keys.space(conversationKey(event.ref)), z.string());
    if (space) return step(space, event);
    if (event.ref.direct && deps.directMessageCommand) {
      // What they wrote comes with it (as the `text` option), so it is not asked for again.
      return route({ ...event, kind: 'command', name: deps.directMessageCommand, args: [], options: event.text.trim() ? { text: event.text.trim() } : {}, canOpenForm: false });
    }
  }

  /** A due timer becomes a flow event, once: a timer fired again after a crash is recognised. */
  async function fireTimer(timer: Timer): Promise<void> {
    const eventId = `${timer.id}@${timer.at}`;
    if (!(await state.markSeen('timer', eventId))) return;
    await step(timer.runId, { kind: 'timer', eventId, runId: timer.runId, name: timer.name, payload: timer.payload });
  }

  const bot: Bot = {
    deps,
    attach(platform, outbox) {
      outboxes.set(platform, outbox);
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
      try {
        if (!(await state.markSeen(event.ref.platform, event.eventId))) {
          log.debug({ platform: event.ref.platform, event: event.kind }, 'duplicate event ignored');
          return;
        }
        await lock.run(`conv:${conversationKey(event.ref)}:${event.ref.direct ? event.user.id : ''}`, () => route(event));
      } catch (error) {
        log.error({ platform: event.ref.platform, event: event.kind, err: (error as Error).message }, 'event failed');
        const locale = await localeOf(event.ref.platform, event.user.id).catch(() => community.locale);
        await reply(event, locale, 'core.error.unexpected').catch(() => undefined);
      }
    },
    fireDue: () => scheduler.runDue(clock.now(), fireTimer),
    startTimers: (intervalMs) => scheduler.start(clock, fireTimer, intervalMs),
    startFlow,
    idle: () => lock.idle(),
  };
  return bot;
}
