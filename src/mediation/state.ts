import type { MessageVars } from '../core/wording';
import type { FlowContext } from '../flows/functions';
import type { JsonValue, Participant, Run } from '../flows/run';

/** One commitment of an agreement: who does what, by when. `who` is a party's user id or `both`. */
export interface Commitment {
  what: string;
  who: string;
  by: string;
}

/** A contribution collected in the space (a need or an option). */
export interface Contribution {
  by: string;
  text: string;
}

export const END_HOWS = ['agreement', 'partial', 'no_agreement', 'withdrawn', 'referred'] as const;
export type EndHow = (typeof END_HOWS)[number] | 'declined';

const isRecord = (v: JsonValue | undefined): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A per-party map saved by an `ask` (`{userId: answer}`), read as strings. */
export function answers(run: Run, name: string): Record<string, string> {
  const value = run.vars[name];
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function setAnswers(run: Run, name: string, value: Record<string, string>): void {
  run.vars[name] = value;
}

export function contributions(run: Run, name: string): Contribution[] {
  const value = run.vars[name];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (isRecord(v) && typeof v.by === 'string' && typeof v.text === 'string' ? [{ by: v.by, text: v.text }] : []));
}

export function commitments(run: Run): Commitment[] {
  const value = run.vars.commitments;
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (isRecord(v) && typeof v.what === 'string' && typeof v.who === 'string' && typeof v.by === 'string' ? [{ what: v.what, who: v.who, by: v.by }] : []));
}

export function setCommitments(run: Run, list: Commitment[]): void {
  run.vars.commitments = list.map((c) => ({ ...c }));
}

export function numberVar(run: Run, name: string): number {
  const value = run.vars[name];
  return typeof value === 'number' ? value : 0;
}

export function stringVar(run: Run, name: string): string {
  const value = run.vars[name];
  return typeof value === 'string' ? value : '';
}

export function stringList(run: Run, name: string): string[] {
  const value = run.vars[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function parties(run: Run, activeOnly = true): Participant[] {
  return run.participants.filter((p) => p.role === 'party' && (!activeOnly || p.active));
}

export function mediator(run: Run): Participant | undefined {
  return run.participants.find((p) => p.role === 'mediator');
}

/**
 * Whether the mediation is past its agreement (confirmed by everyone and posted): from then on its
 * outcome is the agreement, whatever happens in the follow-up.
 */
export function agreementReached(run: Run): boolean {
  return typeof run.vars.agreedAt === 'number';
}

/** The mediation's reference (a short code such as `M-3`), as outcomes carry it. */
export function ref(run: Run): string {
  return stringVar(run, 'ref') || run.id;
}

/** Tells the mediator privately, by direct message. */
export function tellMediator(ctx: FlowContext, key: string, vars: MessageVars = {}): void {
  const m = mediator(ctx.run);
  if (m) ctx.say({ userId: m.userId }, key, vars);
}

/** Finds a party by user id or name, with or without a leading `@`. */
export function findParty(run: Run, name: string | undefined): Participant | undefined {
  const wanted = (name ?? '').replace(/^@/, '').toLowerCase();
  if (!wanted) return undefined;
  return parties(run, false).find((p) => p.userId.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
}

/** A list written one item a line: `1. text`. */
export function numbered(items: string[]): string {
  return items.map((text, i) => `${i + 1}. ${text}`).join('\n');
}

/**
 * The parties whose answer to the mediator's private word (caucus) is awaited: those it asked
 * (`vars.askedFrom`); a run saved before that existed kept them as `vars.replyFrom`.
 */
export function caucusAwaited(run: Run): string[] {
  const list = Array.isArray(run.vars.askedFrom) ? run.vars.askedFrom : Array.isArray(run.vars.replyFrom) ? run.vars.replyFrom : [];
  return list.filter((id): id is string => typeof id === 'string');
}

/**
 * Sets whose caucus answer is awaited (asked of them: `vars.askedFrom`, so it takes their next
 * direct message over an older question), and from it `vars.replyFrom`, the people whose plain
 * direct message the router gives this run: those, and in relay mode every active party (only when
 * nothing else waits for them there: relay mode asks nothing of them).
 */
export function awaitPrivately(run: Run, caucus: string[]): void {
  run.vars.askedFrom = caucus;
  run.vars.replyFrom = [...new Set([...caucus, ...(run.vars.relay === true ? parties(run).map((p) => p.userId) : [])])];
}
