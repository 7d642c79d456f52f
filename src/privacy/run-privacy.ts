import { FINAL } from '../feedback/report';
import type { JsonValue, Run } from '../flows/run';
import { agreementReached } from '../mediation/state';
import { ERASED_TEXT, erasedId, erasedValue, ownedVars, takesPart, type Subject, type Traces } from './subject';

/**
 * The timer an erasure schedules, in its own write, on a mediation that loses a party: the bot that
 * runs (or the next one to start) fires it once. Before the agreement the mediation ends kindly for
 * everyone still in it, as when a party steps back; after it, the agreement stands and the mediator
 * is told. It carries nothing about the person.
 */
export const MEDIATION_PARTY_ERASED = 'party_erased';

const isObject = (v: JsonValue | undefined): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What erasing a person did to one run. */
export interface RunErasure {
  run: Run;
  /** A mediation in progress, before its agreement, that ends because a party was erased (see `MEDIATION_PARTY_ERASED`). */
  endedMediation: boolean;
  /** A mediation in its follow-up that loses a party: its agreement stands and the follow-up goes on with the others. */
  agreedMediation: boolean;
  /** An open report whose reporter was erased: it goes on, anonymous. */
  anonymousReport: boolean;
}

/**
 * The run without the person: their words become the marker, their ids an id linked to nothing,
 * their names go, and they are no longer a participant. A mediation in progress where they are a
 * party is marked to end (withdrawn), or, past its agreement, to go on with its agreement standing;
 * an open report they filed goes on, anonymous.
 */
export function eraseFromRun(run: Run, subject: Subject, traces: Traces, now: number): RunErasure {
  const placeholder = erasedId();
  const vars: Record<string, JsonValue> = { ...run.vars };
  for (const name of ownedVars(run, subject.userId)) vars[name] = ownedText(vars[name] as JsonValue);
  const part = takesPart(run, subject);
  const mine = run.participants.filter((p) => p.platform === subject.platform && p.userId === subject.userId);
  const status = run.status;
  // The mediation itself ends in a turn of its own, when the bot fires the notice the erasure leaves
  // (`MEDIATION_PARTY_ERASED`): everyone still in it is told kindly, as when a party steps back.
  // Past its agreement it does not end: the notice tells the mediator, and the agreement stands.
  const losesParty = part && run.flowId === 'mediation' && run.status !== 'ended' && mine.some((p) => p.role === 'party');
  const agreedMediation = losesParty && agreementReached(run);
  const endedMediation = losesParty && !agreedMediation;
  // A report closed (confirmed, or a duplicate) is not open any more, even while its run waits on.
  const anonymousReport = part && run.flowId === 'feedback' && run.status !== 'ended' && !FINAL.has(String(run.vars.status)) && mine.some((p) => p.role === 'reporter');
  if (anonymousReport) vars.anonymous = true;
  let pending = run.pending;
  if (pending && status !== 'ended') {
    const where = { ...pending.where };
    delete where[subject.userId];
    const at = pending.at ? { ...pending.at } : undefined;
    if (at) delete at[subject.userId];
    pending = { ...pending, waitingFor: pending.waitingFor.filter((id) => id !== subject.userId), where, ...(at ? { at } : {}) };
  } else if (status === 'ended') pending = null;
  const scrub = <T>(value: T): T => erasedValue(value as unknown as JsonValue, traces, placeholder) as unknown as T;
  return {
    run: {
      ...run,
      status,
      home: scrub(run.home),
      space: scrub(run.space),
      participants: run.participants.filter((p) => !(p.platform === subject.platform && p.userId === subject.userId)).map((p) => ({ ...p, name: scrub(p.name) })),
      vars: scrub(vars),
      pending: scrub(pending),
      messages: scrub(run.messages),
      updatedAt: now,
    },
    endedMediation,
    agreedMediation,
    anonymousReport,
  };
}

/** Every word of an answer becomes the marker; numbers and flags stay. */
function ownedText(value: JsonValue): JsonValue {
  if (typeof value === 'string') return ERASED_TEXT;
  if (Array.isArray(value)) return value.map(ownedText);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ownedText(v)]));
  return value;
}

/** One run as a person's export shows it: their part in it, and nothing anyone else wrote. */
export interface RunExport {
  flow: string;
  reference: string | null;
  status: Run['status'];
  roles: string[];
  startedAt: string;
  updatedAt: string;
  /** What they wrote or answered, and what the run records about them, by where it is kept. */
  records: Record<string, JsonValue>;
}

/** The person's part of a run: their answers, contributions, votes and what is recorded about them. */
export function exportFromRun(run: Run, subject: Subject): RunExport {
  const records: Record<string, JsonValue> = {};
  for (const name of ownedVars(run, subject.userId)) records[name] = run.vars[name] as JsonValue;
  const visit = (value: JsonValue, path: string) => {
    if (Array.isArray(value)) {
      if (value.includes(subject.userId)) records[`${path}.includes_you`] = true;
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
      return;
    }
    if (!isObject(value)) return;
    if (Object.values(value).includes(subject.userId)) {
      records[path] = value;
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k === subject.userId) records[path] = v;
      else visit(v, path ? `${path}.${k}` : k);
    }
  };
  for (const [name, value] of Object.entries(run.vars)) if (!(name in records)) visit(value, name);
  return {
    flow: run.flowId,
    reference: referenceOf(run),
    status: run.status,
    roles: run.participants.filter((p) => p.platform === subject.platform && p.userId === subject.userId).map((p) => p.role),
    startedAt: new Date(run.startedAt).toISOString(),
    updatedAt: new Date(run.updatedAt).toISOString(),
    records,
  };
}

/** A run's reference (FB-0042, M-3, D-0001), wherever its script keeps it. */
export function referenceOf(run: Run): string | null {
  if (typeof run.vars.ref === 'string') return run.vars.ref;
  const inner = Object.values(run.vars).find((v): v is Record<string, JsonValue> => isObject(v) && typeof v.ref === 'string');
  return inner ? (inner.ref as string) : null;
}
