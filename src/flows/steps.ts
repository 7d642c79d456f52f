import { LOCALES } from '../config/schema';
import type { Action, Choice } from '../core/actions';
import type { FlowEvent, InboundEvent } from '../core/events';
import { isBlank } from '../core/text';
import { message, type Message, type Wording } from '../core/wording';
import { audiences, decodeChoice, encodeChoice, inboundWhereKey, stringVars, whereKey } from './context';
import type { FlowContext, FlowOption, FunctionResult } from './functions';
import type { JsonValue, Run } from './run';
import { follow } from './cases';
import type { Step } from './schema';

export type Invoke = (ctx: FlowContext, name: string) => FunctionResult;
/** Calls a function that decides; returns the case it chose, if any. */
export type Decide = (ctx: FlowContext, name: string) => string | undefined;

/** Step kinds that wait for an event (and can be returned to with `back`). */
export const WAITING_KINDS = new Set<Step['kind']>(['ask', 'form', 'wait', 'turns', 'collect', 'open_space']);

type Of<K extends Step['kind']> = Extract<Step, { kind: K }>;

/** The space an `open_space` step asks the platform for: named from the run, its members by role. */
export function openSpaceAction(step: Of<'open_space'>, run: Run, render: (said: Message) => string): Action {
  const members = run.participants.filter((p) => p.active && step.members.includes(p.role)).map((p) => p.userId);
  const name = message(step.name, stringVars(run));
  return { kind: 'open-space', parent: run.home, name: render(name), say: name, private: step.private, members, runId: run.id };
}

/** Enters a step: says what it says, and returns the next step when it does not wait. */
export function enterStep(step: Step, ctx: FlowContext, run: Run, invoke: Invoke, decide: Decide): string | undefined {
  switch (step.kind) {
    case 'say':
      ctx.say(step.to, step.message, {}, step.choices ? { choices: step.choices.map((o) => ctx.choice(o.value, o.label, { style: o.style })) } : {});
      return step.next;
    case 'ask':
      return enterAsk(step, ctx, run, invoke);
    case 'form':
      return enterForm(step, ctx, run);
    case 'branch': {
      const target = follow(step.cases, step.fn, decide(ctx, step.fn), step.default) ?? step.default;
      if (!target) throw new Error(`branch "${run.step}": "${step.fn}" returned no case and there is no default`);
      return target;
    }
    case 'call':
      return follow(step.cases, step.fn, decide(ctx, step.fn)) ?? step.next;
    case 'wait': {
      if (step.message) {
        const choices = Object.keys(step.on).map((command) => ctx.choice(command, `core.command.${command}`, { command: true }));
        ctx.say(step.to, step.message, {}, { choices });
      }
      // What the person who got here types next, there, is read (as the `typed` command), not ignored.
      const event = ctx.event;
      if (step.typed && ctx.user && event && 'ref' in event) run.pending = { step: run.step, waitingFor: [ctx.user.id], where: { [ctx.user.id]: inboundWhereKey(event.ref, ctx.user.id) } };
      return undefined;
    }
    case 'turns': {
      const order = ctx.participants(step.role).map((p) => p.userId);
      run.vars[step.save] = { order, index: 0, said: {}, held: {} };
      if (order.length === 0) return step.next;
      announceTurn(step, ctx, order[0] as string);
      return undefined;
    }
    case 'collect':
      if (!Array.isArray(run.vars[step.save])) run.vars[step.save] = [];
      ctx.say('shared', step.message);
      return undefined;
    case 'open_space':
      ctx.act(openSpaceAction(step, run, (said) => ctx.render(said)));
      return undefined;
    case 'timer': {
      const ms = ((step.after?.days ?? 0) * 24 * 60 + (step.after?.hours ?? 0) * 60 + (step.after?.minutes ?? 0)) * 60_000;
      const at = step.atFn ? invoke(ctx, step.atFn) : ctx.now + ms;
      if (typeof at === 'number') ctx.schedule(step.name, at);
      return step.next;
    }
    case 'record': {
      const computed = step.fn ? invoke(ctx, step.fn) : undefined;
      const values = computed && typeof computed === 'object' && !Array.isArray(computed) ? computed : {};
      ctx.record(step.outcome, { ...step.data, ...values });
      return step.next;
    }
    case 'end':
      if (step.message) ctx.say(step.to, step.message);
      if (step.fn) invoke(ctx, step.fn);
      return undefined;
  }
}

/** Handles an event in the current (waiting) step; returns the step to go to, if any. */
export function handleStep(step: Step, ctx: FlowContext, run: Run, invoke: Invoke, decide: Decide): string | undefined {
  const event = ctx.event;
  if (!event || !('user' in event)) return undefined;
  switch (step.kind) {
    case 'ask':
      return handleAsk(step, ctx, run, event, invoke, decide);
    case 'form':
      return handleForm(step, ctx, run, event, decide);
    case 'turns':
      return handleTurns(step, ctx, run, event);
    case 'collect':
      return handleCollect(step, ctx, run, event, decide);
    default:
      if (event.kind === 'choice') staleChoice(ctx, run, event.value);
      return undefined;
  }
}

function staleChoice(ctx: FlowContext, run: Run, value: string): void {
  const decoded = decodeChoice(value);
  if (decoded && decoded.runId === run.id && decoded.step !== run.step) ctx.say('actor', 'core.flow.stale_choice');
}

/** The names of run roles, written in the reader's language when sent (not the run's). */
export function roleNames(roles: readonly string[]): Wording {
  return (t) => roles.map((r) => t(`core.run_role.${r}`)).join(' / ');
}

// ---- ask -------------------------------------------------------------------------------------

/** An option whose label is a catalogue key: in the run's language, and in each reader's when shown. */
const keyed = (ctx: FlowContext, value: string, key: string): FlowOption => ({ value, label: ctx.t(key), say: message(key) });

function optionsOf(step: Of<'ask'>, ctx: FlowContext, run: Run, invoke: Invoke): FlowOption[] {
  if (step.input === 'scale') return ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));
  if (step.input === 'confirm') return [keyed(ctx, 'yes', 'core.answer.yes'), keyed(ctx, 'no', 'core.answer.no')];
  const fromFn = step.optionsFn ? invoke(ctx, step.optionsFn) : undefined;
  const options = Array.isArray(fromFn) ? fromFn : (step.options ?? []).map((o) => keyed(ctx, o.value, o.label));
  // Kept with the run so typed answers ("2", "blue", "蓝色") can be read and the options listed again:
  // an option with a label for each language is known by any of them.
  run.vars[`${step.save}Options`] = options.map(({ value, label, say }) => ({ value, label, ...(say ? { labels: LOCALES.map((locale) => ctx.renderIn(locale, say)) } : {}) }));
  return options;
}

/** The options as a numbered list, each label in the reader's language where it has one. */
function optionList(options: FlowOption[]): Wording {
  return (t, locale) =>
    options
      .map((o, i) => {
        const label = o.say === undefined ? o.label : typeof o.say === 'function' ? o.say(t, locale) : t(o.say.key, o.say.vars);
        return `${i + 1}. ${label}`;
      })
      .join('\n');
}

/**
 * The options of a step asked again after an answer that is none of them, as kept with the run: each
 * label in the reader's language where it was kept in each (the script's and a function's alike).
 */
function optionsAgain(step: Of<'ask'>, run: Run): FlowOption[] {
  const kept = (run.vars[`${step.save}Options`] as { value: string; label: string; labels?: string[] }[] | undefined) ?? [];
  return kept.map(({ value, label, labels }) => ({ value, label, ...(labels ? { say: (_t, locale) => labels[LOCALES.indexOf(locale)] ?? label } : {}) }));
}

function perUser(step: Of<'ask'>): boolean {
  return typeof step.to === 'object' || step.from !== undefined;
}

function enterAsk(step: Of<'ask'>, ctx: FlowContext, run: Run, invoke: Invoke): string | undefined {
  const options = step.input === 'text' ? [] : optionsOf(step, ctx, run, invoke);
  const choices: Choice[] = options.map((o) => ({ value: encodeChoice(run.id, run.step, o.value), label: o.label, ...(o.say ? { say: o.say } : {}) }));
  const targets = audiences(run, ctx.event, step.to);
  ctx.say(step.to, step.message, { options: optionList(options) }, choices.length ? { choices } : step.input === 'text' ? { asksForWords: true } : {});
  const where: Record<string, string> = {};
  let waitingFor: string[];
  if (typeof step.to === 'object') {
    waitingFor = ctx.participants(step.to.role).map((p) => p.userId);
    for (const audience of targets) if (audience.kind === 'direct') where[audience.userId] = whereKey(audience);
    if (!step.to.private) for (const id of waitingFor) where[id] = whereKey({ kind: 'conversation', ref: run.space ?? run.home });
  } else if (step.to === 'actor') {
    waitingFor = ctx.user ? [ctx.user.id] : [];
    const audience = targets[0];
    // A direct conversation is keyed by its user (as inbound messages are), not by its channel.
    const from = ctx.event && 'ref' in ctx.event ? ctx.event.ref : null;
    if (ctx.user && audience) where[ctx.user.id] = from?.direct ? inboundWhereKey(from, ctx.user.id) : whereKey(audience);
  } else {
    waitingFor = ctx.participants(step.from).map((p) => p.userId);
    const key = whereKey({ kind: 'conversation', ref: step.to === 'home' ? run.home : (run.space ?? run.home) });
    for (const id of waitingFor) where[id] = key;
  }
  if (perUser(step) && (typeof run.vars[step.save] !== 'object' || run.vars[step.save] === null)) run.vars[step.save] = {};
  if (waitingFor.length === 0) return step.next;
  run.pending = { step: run.step, waitingFor, where };
  return undefined;
}

const YES = new Set(['yes', 'y', 'ok', 'agree', '是', '好', '同意', '可以', '是的']);
const NO = new Set(['no', 'n', 'disagree', '否', '不', '不同意', '不要', '不是']);

/** Reads a typed or clicked answer; null when it is not one of the options. */
function readAnswer(step: Of<'ask'>, run: Run, event: InboundEvent): string | null {
  if (event.kind === 'choice') {
    const decoded = decodeChoice(event.value);
    return decoded && decoded.runId === run.id && decoded.step === run.step ? decoded.value : null;
  }
  if (event.kind !== 'message') return null;
  const text = event.text.trim();
  if (step.input === 'text') return text;
  const lower = text.toLowerCase();
  if (step.input === 'confirm') return YES.has(lower) ? 'yes' : NO.has(lower) ? 'no' : null;
  if (step.input === 'scale') return /^[1-5]$/.test(text) ? text : null;
  const options = (run.vars[`${step.save}Options`] as { value: string; label: string; labels?: string[] }[] | undefined) ?? [];
  const index = Number(text);
  if (Number.isInteger(index) && index >= 1 && index <= options.length) return options[index - 1]?.value ?? null;
  return options.find((o) => o.value === lower || [o.label, ...(o.labels ?? [])].some((label) => label.toLowerCase() === lower))?.value ?? null;
}

/** The question a person is at, in a run of questions asked at each person's own pace. */
function ownPaceStep(ctx: FlowContext, run: Run, userId: string): Of<'ask'> | undefined {
  const id = run.pending?.at?.[userId];
  const step = id ? ctx.flow.steps[id] : undefined;
  return step?.kind === 'ask' ? step : undefined;
}

function handleAsk(first: Of<'ask'>, ctx: FlowContext, run: Run, event: InboundEvent, invoke: Invoke, decide: Decide): string | undefined {
  const pending = run.pending;
  const userId = event.user.id;
  const step = first.pace === 'own' ? (ownPaceStep(ctx, run, userId) ?? first) : first;
  if (event.kind === 'choice') {
    const decoded = decodeChoice(event.value);
    if (!decoded || decoded.runId !== run.id) return undefined;
    if (decoded.step !== run.step) return staleChoice(ctx, run, event.value), undefined;
  }
  if (!pending || !pending.waitingFor.includes(userId)) {
    if (event.kind === 'choice' && pending && !pending.waitingFor.includes(userId) && answeredBy(step, run, userId)) return void ctx.say('actor', 'core.flow.already_answered');
    if (event.kind === 'choice') ctx.say('actor', 'core.flow.not_asked');
    return undefined;
  }
  if (event.kind === 'message' && pending.where[userId] && pending.where[userId] !== inboundWhereKey(event.ref, userId)) return undefined;
  if (event.kind !== 'message' && event.kind !== 'choice') return undefined;
  const answer = readAnswer(step, run, event);
  if (answer === null) {
    ctx.say('actor', step.input === 'confirm' ? 'core.input.yes_or_no' : step.input === 'scale' ? 'core.input.scale' : 'core.input.choose', { options: optionList(optionsAgain(step, run)) });
    return undefined;
  }
  if (step.input === 'text' && !textAcceptable(ctx, answer, step.maxLength)) return undefined;
  if (perUser(step)) (run.vars[step.save] as Record<string, JsonValue>)[userId] = answer;
  else run.vars[step.save] = answer;
  if (step.pace === 'own') return answeredAtOwnPace(step, ctx, run, userId, invoke, decide);
  pending.waitingFor = pending.waitingFor.filter((id) => id !== userId);
  if (step.fn) {
    const target = follow(step.cases, step.fn, decide(ctx, step.fn));
    if (target) return target;
  }
  if (step.wait === 'one' || pending.waitingFor.length === 0) return step.next;
  return undefined;
}

/**
 * An answer to a question asked at each person's own pace: the person gets the next such question
 * at once; the run goes on after the last one when everyone has answered it.
 */
function answeredAtOwnPace(step: Of<'ask'>, ctx: FlowContext, run: Run, userId: string, invoke: Invoke, decide: Decide): string | undefined {
  const pending = run.pending;
  if (!pending) return undefined;
  const following = step.next ? ctx.flow.steps[step.next] : undefined;
  const more = following?.kind === 'ask' && following.pace === 'own' ? following : undefined;
  if (more && step.next) {
    pending.at = { ...pending.at, [userId]: step.next };
    if (typeof run.vars[more.save] !== 'object' || run.vars[more.save] === null) run.vars[more.save] = {};
    const options = more.input === 'text' ? [] : optionsOf(more, ctx, run, invoke);
    const choices: Choice[] = options.map((o) => ({ value: encodeChoice(run.id, run.step, o.value), label: o.label }));
    ctx.say({ userId }, more.message, { options: options.map((o, i) => `${i + 1}. ${o.label}`).join('\n') }, choices.length ? { choices } : {});
  } else {
    if (pending.at) delete pending.at[userId];
    pending.waitingFor = pending.waitingFor.filter((id) => id !== userId);
  }
  if (step.fn) {
    const target = follow(step.cases, step.fn, decide(ctx, step.fn));
    if (target) return target;
  }
  return !more && pending.waitingFor.length === 0 ? step.next : undefined;
}

function answeredBy(step: Of<'ask'>, run: Run, userId: string): boolean {
  const saved = run.vars[step.save];
  return perUser(step) ? typeof saved === 'object' && saved !== null && userId in saved : saved !== undefined;
}

/** Empty or over-long text gets a kind, specific answer; returns whether the text can be used. */
export function textAcceptable(ctx: FlowContext, text: string, maxLength?: number): boolean {
  const limit = maxLength ?? ctx.community.limits.textLength;
  if (isBlank(text)) {
    ctx.say('actor', 'core.input.empty');
    return false;
  }
  const length = [...text].length;
  if (length > limit) {
    ctx.say('actor', 'core.input.too_long', { limit, length });
    return false;
  }
  return true;
}

// ---- form ------------------------------------------------------------------------------------

function enterForm(step: Of<'form'>, ctx: FlowContext, run: Run): string | undefined {
  const event = ctx.event as FlowEvent | null;
  const user = ctx.user;
  if (!user || !event || !('ref' in event)) return step.next;
  // Answers already given (e.g. the first message of a report begun by DM) are kept, not asked again.
  const given = run.vars[`${step.save}Given`];
  const kept = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
  run.vars[step.save] = { ...kept };
  if ('canOpenForm' in event && event.canOpenForm && Object.keys(kept).length === 0) {
    ctx.act({
      kind: 'form',
      userId: user.id,
      ref: event.ref,
      formId: encodeChoice(run.id, run.step, 'form'),
      title: ctx.t(step.title),
      // Each field says the length the bot takes (`textAcceptable`), so a platform's form stops a resident there rather than refusing what they wrote after they send it.
      fields: step.fields.map((f) => ({ id: f.id, label: ctx.t(f.label), kind: f.long ? 'long' : 'short', required: f.required, maxLength: f.maxLength ?? ctx.community.limits.textLength })),
    });
    run.pending = { step: run.step, waitingFor: [user.id], where: { [user.id]: 'form' } };
    return undefined;
  }
  const first = step.fields.findIndex((f) => !(f.id in kept));
  return first === -1 ? step.next : askField(step, ctx, run, first, inboundWhereKey(event.ref, user.id));
}

function askField(step: Of<'form'>, ctx: FlowContext, run: Run, index: number, where: string): string | undefined {
  const field = step.fields[index];
  if (!field || !ctx.user) return step.next;
  run.vars[`${step.save}Field`] = index;
  ctx.say('actor', field.required ? 'core.form.field' : 'core.form.optional_field', { label: ctx.t(field.label) }, { asksForWords: true });
  run.pending = { step: run.step, waitingFor: [ctx.user.id], where: { [ctx.user.id]: where } };
  return undefined;
}

const SKIP = new Set(['-', 'skip', '跳过', '无']);

function handleForm(step: Of<'form'>, ctx: FlowContext, run: Run, event: InboundEvent, decide: Decide): string | undefined {
  const userId = event.user.id;
  if (!run.pending?.waitingFor.includes(userId)) return undefined;
  // A button of an earlier question, pressed while this form waits: say it changed nothing.
  if (event.kind === 'choice') return staleChoice(ctx, run, event.value), undefined;
  const values = run.vars[step.save] as Record<string, JsonValue>;
  const finish = () => (step.fn ? follow(step.cases, step.fn, decide(ctx, step.fn)) : undefined) ?? step.next;
  if (event.kind === 'form') {
    const decoded = decodeChoice(event.formId);
    if (!decoded || decoded.runId !== run.id || decoded.step !== run.step) return undefined;
    for (const [index, field] of step.fields.entries()) {
      const value = (event.values[field.id] ?? '').trim();
      if (value.length === 0 && !field.required) continue;
      if (!textAcceptable(ctx, value, field.maxLength)) return askField(step, ctx, run, index, inboundWhereKey(event.ref, userId));
      values[field.id] = value;
    }
    return finish();
  }
  if (event.kind !== 'message') return undefined;
  const index = Number(run.vars[`${step.save}Field`] ?? 0);
  const field = step.fields[index];
  if (!field) return finish();
  const text = event.text.trim();
  if (!(SKIP.has(text.toLowerCase()) && !field.required)) {
    if (!textAcceptable(ctx, text, field.maxLength)) return undefined;
    values[field.id] = text;
  }
  if (index + 1 < step.fields.length) return askField(step, ctx, run, index + 1, inboundWhereKey(event.ref, userId));
  return finish();
}

// ---- turns and collect -----------------------------------------------------------------------

export interface TurnState {
  order: string[];
  index: number;
  said: Record<string, string[]>;
  held: Record<string, string[]>;
}

function announceTurn(step: Of<'turns'>, ctx: FlowContext, userId: string): void {
  ctx.say('shared', step.message, { name: ctx.participant(userId)?.name ?? '' });
}

function handleTurns(step: Of<'turns'>, ctx: FlowContext, run: Run, event: InboundEvent): string | undefined {
  const state = run.vars[step.save] as unknown as TurnState;
  const speaker = state.order[state.index];
  const actor = ctx.actor;
  if (event.kind === 'command' && event.args[0]?.toLowerCase() === 'next') {
    if (!actor || !step.advance.includes(actor.role)) {
      ctx.say('actor', 'core.flow.not_your_command', { command: 'next', roles: roleNames(step.advance) });
      return undefined;
    }
    state.index += 1;
    const nextSpeaker = state.order[state.index];
    if (nextSpeaker === undefined) return step.next;
    announceTurn(step, ctx, nextSpeaker);
    if ((state.held[nextSpeaker] ?? []).length > 0) ctx.say({ userId: nextSpeaker }, 'core.turns.held_reminder');
    return undefined;
  }
  if (event.kind !== 'message' || !actor || !run.space || inboundWhereKey(event.ref, actor.userId) !== whereKey({ kind: 'conversation', ref: run.space })) return undefined;
  const ownTurn = actor.userId === speaker;
  if ((ownTurn || actor.role === step.role) && !textAcceptable(ctx, event.text, step.maxLength ?? ctx.community.limits.storyLength)) return undefined;
  if (ownTurn) {
    (state.said[actor.userId] ??= []).push(event.text);
  } else if (actor.role === step.role) {
    holdOutOfTurn(ctx, state, actor.userId, event.text, step.advance);
  }
  return undefined;
}

/**
 * Someone who writes while another has the turn: what they wrote is kept for their turn when it is
 * still to come (they are reminded of it then); when their turn has passed, nothing is kept and they
 * are told so, not promised a turn that will not come.
 */
export function holdOutOfTurn(ctx: FlowContext, state: TurnState, userId: string, text: string, leaders: readonly string[]): void {
  const name = ctx.participant(state.order[state.index] ?? '')?.name ?? '';
  const place = state.order.indexOf(userId);
  if (place !== -1 && place < state.index) return void ctx.say('actor', 'core.turns.wait_passed', { name, leaders: roleNames(leaders) });
  (state.held[userId] ??= []).push(text);
  ctx.say('actor', 'core.turns.wait', { name });
}

function handleCollect(step: Of<'collect'>, ctx: FlowContext, run: Run, event: InboundEvent, decide: Decide): string | undefined {
  const actor = ctx.actor;
  if (event.kind === 'command' && event.args[0]?.toLowerCase() === 'next') {
    if (!actor || !step.until.includes(actor.role)) {
      ctx.say('actor', 'core.flow.not_your_command', { command: 'next', roles: roleNames(step.until) });
      return undefined;
    }
    return step.next;
  }
  if (event.kind !== 'message' || !actor || !step.from.includes(actor.role)) return undefined;
  const text = event.text.trim();
  if (!textAcceptable(ctx, text, step.maxLength)) return undefined;
  (run.vars[step.save] as JsonValue[]).push({ by: actor.userId, text, at: ctx.now });
  return step.fn ? follow(step.cases, step.fn, decide(ctx, step.fn)) : undefined;
}
