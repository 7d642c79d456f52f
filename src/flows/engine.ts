import type { Action } from '../core/actions';
import type { FlowEvent, InboundEvent } from '../core/events';
import { listOf, renderMessage } from '../core/wording';
import { createFlowContext, decodeChoice, emptyEffects, inboundWhereKey, whereKey, type Effects, type FlowEnv } from './context';
import { STOP, type FlowContext, type ReferencedRun } from './functions';
import { decide, follow, invoke } from './cases';
import { cloneData } from './clone';
import type { Run } from './run';
import type { Flow, Handler, Step } from './schema';
import { enterStep, handleStep, openSpaceAction, roleNames, WAITING_KINDS } from './steps';

export interface StepResult extends Effects {
  run: Run;
}

/** Steps entered in one transition at most: a script that loops without waiting is stopped. */
const MAX_STEPS_PER_EVENT = 64;

/**
 * The pure step: (flow, run state, event, now) -> (new state, effects). Nothing is performed here;
 * the caller sends the actions, appends the outcomes and schedules the timers.
 */
export function transition(flow: Flow, previous: Run, event: FlowEvent, now: number, env: FlowEnv, referenced: ReferencedRun | null = null): StepResult {
  const run = cloneData(previous);
  const effects = emptyEffects();
  let context: FlowContext | undefined;
  const ctx = () => (context ??= createFlowContext(flow, run, event, now, env, effects, referenced));
  if (run.flowVersion !== flow.version) {
    if (run.status !== 'ended') {
      ctx().say('shared', 'core.flow.changed');
      finish(run, effects);
    }
    return done(run, effects, now);
  }
  if (run.status === 'ended') {
    if (event.kind !== 'timer' && event.kind !== 'space-opened') ctx().say('actor', 'core.flow.ended');
    return done(run, effects, now);
  }
  const next = route(flow, run, event, ctx, env);
  if (next) advance(flow, run, next, ctx(), env, effects);
  // Words written to the bot privately that ask nothing of it and answer nothing it asked (a party
  // waiting for the others): said so kindly, never met with silence.
  if (event.kind === 'message' && event.ref.direct && effects.actions.length === 0 && effects.outcomes.length === 0) ctx().say('actor', 'core.flow.nothing_asked');
  return done(run, effects, now);
}

/** Starts a run at its flow's first step; `event` is the command that started it. */
export function startRun(flow: Flow, run: Run, event: InboundEvent | null, now: number, env: FlowEnv): StepResult {
  const fresh = cloneData(run);
  const effects = emptyEffects();
  advance(flow, fresh, flow.start, createFlowContext(flow, fresh, event, now, env, effects), env, effects);
  return done(fresh, effects, now);
}

function done(run: Run, effects: Effects, now: number): StepResult {
  run.updatedAt = now;
  return { run, ...effects };
}

function finish(run: Run, effects: Effects): void {
  run.status = 'ended';
  run.pending = null;
  effects.cancelTimers.push('*');
}

/** Finds what the event means for this run; returns the step to go to, if any. */
function route(flow: Flow, run: Run, event: FlowEvent, ctx: () => FlowContext, env: FlowEnv): string | undefined {
  if (event.kind === 'timer') {
    const handler = flow.timers[event.name];
    if (!handler) return undefined;
    return (handler.fn ? follow(handler.cases, handler.fn, decide(env.functions, ctx(), handler.fn)) : undefined) ?? handler.goto;
  }
  if (event.kind === 'space-opened') {
    run.space = event.ref;
    const step = flow.steps[run.step];
    return step?.kind === 'open_space' ? step.next : undefined;
  }
  const user = event.user;
  let participant = run.participants.find((p) => p.userId === user.id);
  // Someone named by a platform id (a mention) is called by the name they go by once they speak.
  if (participant && user.name && user.name !== user.id && (!participant.name || participant.name === participant.userId)) participant.name = user.name;
  if (!participant && flow.roleFn) {
    const role = decide(env.functions, ctx(), flow.roleFn);
    if (role) {
      participant = { platform: event.ref.platform, userId: user.id, name: user.name, role, active: true };
      run.participants.push(participant);
    }
  }
  const command = commandOf(flow, run, event);
  if (command !== null) {
    const global = flow.commands[command];
    const step = flow.steps[run.step];
    const local = run.status === 'active' && step?.kind === 'wait' ? step.on[command] : undefined;
    const handler = local ?? global;
    if (handler) return runHandler(handler, participant?.active ? participant.role : null, ctx, command, env);
    // `next` is for a turns or collect step itself; any other command nothing here handles is answered.
    if (event.kind === 'command' && !(handlesNext(step) && command === 'next')) {
      unavailable(flow, run, step, command, ctx(), { name: event.name, role: participant?.active ? participant.role : null });
      return undefined;
    }
  }
  if (!participant) {
    if (event.kind !== 'form') ctx().say('actor', 'core.flow.not_participant');
    return undefined;
  }
  if (!participant.active) {
    ctx().say('actor', 'core.flow.stepped_back');
    return undefined;
  }
  if (run.status === 'paused') {
    ctx().say('actor', 'core.flow.paused');
    return undefined;
  }
  if (event.kind === 'message' && flow.onMessage && run.space && inboundWhereKey(event.ref, user.id) === whereKey({ kind: 'conversation', ref: run.space })) {
    const verdict = decide(env.functions, ctx(), flow.onMessage.fn, true);
    if (verdict === STOP) return undefined;
    if (verdict) return follow(flow.onMessage.cases, flow.onMessage.fn, verdict);
  }
  if (event.kind === 'choice' && flow.onChoice && decodeChoice(event.value)?.runId === run.id) {
    const verdict = decide(env.functions, ctx(), flow.onChoice.fn, true);
    if (verdict === STOP) return undefined;
    if (verdict) return follow(flow.onChoice.cases, flow.onChoice.fn, verdict);
  }
  const step = flow.steps[run.step];
  if (!step) return undefined;
  return handleStep(step, ctx(), run, (c, name) => invoke(env.functions, c, name), (c, name) => decide(env.functions, c, name));
}

/**
 * A command nothing handles now: one the script has at another step is not available yet (or any
 * more), and says so, also when the step waits for answers (never whose: that may be private); any
 * other is not one it understands. Where the step waits for a command this person may give, it is
 * named ("/mediation propose"), so they know what moves the conversation on.
 */
function unavailable(flow: Flow, run: Run, step: Step | undefined, command: string, ctx: FlowContext, actor: { name: string; role: string | null }): void {
  const elsewhere = Object.values(flow.steps).some((s) => (s.kind === 'wait' && s.on[command]) || (handlesNext(s) && command === 'next'));
  if (!elsewhere) return void ctx.say('actor', 'core.flow.unknown_command', { command });
  const waiting = step?.kind === 'ask' && (run.pending?.waitingFor.length ?? 0) > 0;
  if (waiting) return void ctx.say('actor', 'core.flow.waiting_for', { command });
  const usable = step?.kind === 'wait' && run.status === 'active' ? Object.entries(step.on).filter(([, handler]) => actor.role !== null && handler.roles.includes(actor.role)) : [];
  if (usable.length === 0) return void ctx.say('actor', 'core.flow.not_now', { command });
  const instead = usable.map(([name]) => `/${actor.name} ${name}`);
  ctx.say('actor', 'core.flow.not_now_instead', { command, instead: (_t, locale) => listOf(instead, locale, 'disjunction') });
}

function handlesNext(step: Step | undefined): boolean {
  return step?.kind === 'turns' || step?.kind === 'collect';
}

/**
 * The command an event carries: a sub-command (`/mediation next` -> `next`), a command button, or
 * a message typed to a `wait` step that reads it as one of its commands (`typed`).
 */
function commandOf(flow: Flow, run: Run, event: InboundEvent): string | null {
  if (event.kind === 'command') return event.args[0]?.toLowerCase() ?? null;
  if (event.kind === 'message') {
    const step = flow.steps[run.step];
    const awaited = run.pending?.step === run.step && run.pending.waitingFor.includes(event.user.id);
    return step?.kind === 'wait' && step.typed && awaited && run.pending?.where[event.user.id] === inboundWhereKey(event.ref, event.user.id) ? step.typed : null;
  }
  if (event.kind === 'choice') {
    const decoded = decodeChoice(event.value);
    if (decoded && decoded.runId === run.id && decoded.step === '*') return decoded.value;
  }
  return null;
}

function runHandler(handler: Handler, role: string | null, ctx: () => FlowContext, command: string, env: FlowEnv): string | undefined {
  if (role === null || !handler.roles.includes(role)) {
    ctx().say('actor', 'core.flow.not_your_command', { command, roles: roleNames(handler.roles) });
    return undefined;
  }
  const target = handler.fn ? follow(handler.cases, handler.fn, decide(env.functions, ctx(), handler.fn)) : undefined;
  return target ?? handler.goto;
}

/** Enters steps one after another until one waits for an event. */
function advance(flow: Flow, run: Run, first: string, ctx: FlowContext, env: FlowEnv, effects: Effects): void {
  let target: string | undefined = first;
  let count = 0;
  while (target !== undefined && run.status !== 'ended') {
    if (target === '@back') {
      target = back(flow, run);
      if (target === undefined) ctx.say('actor', 'core.flow.no_back');
    }
    if (target === undefined) break;
    const step: Step | undefined = flow.steps[target];
    if (!step) throw new Error(`flow "${flow.id}" has no step "${target}"`);
    if ((count += 1) > MAX_STEPS_PER_EVENT) throw new Error(`flow "${flow.id}" went through ${MAX_STEPS_PER_EVENT} steps without waiting`);
    run.step = target;
    run.pending = null;
    if (WAITING_KINDS.has(step.kind) && run.trail.at(-1) !== target) run.trail.push(target);
    target = enterStep(step, ctx, run, (c, name) => invoke(env.functions, c, name), (c, name) => decide(env.functions, c, name));
    if (step.kind === 'end') finish(run, effects);
  }
}

/**
 * The step waited in before this one. A space is never opened twice: there is no going back to
 * (or before) the step that opened the run's space, and the run stays where it is.
 */
function back(flow: Flow, run: Run): string | undefined {
  const previous = run.trail.at(-2);
  if (previous === undefined || flow.steps[previous]?.kind === 'open_space') return undefined;
  run.trail.pop();
  return run.trail.pop();
}

/**
 * The space a run waits for at an `open_space` step and has not got (the process that asked for it
 * stopped first, or the platform did not open it): the same request again. Undefined otherwise.
 */
export function spaceAwaited(flow: Flow, run: Run, env: FlowEnv): Action | undefined {
  const step = flow.steps[run.step];
  if (run.status === 'ended' || run.space || step?.kind !== 'open_space') return undefined;
  return openSpaceAction(step, run, (said) => renderMessage(env.translate, run.locale, said));
}
