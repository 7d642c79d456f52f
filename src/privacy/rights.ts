import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../evaluation/audit';
import type { Outcome, OutcomeStore } from '../evaluation/outcome';
import type { Pseudonymise } from '../evaluation/pseudonym';
import type { Logger } from '../core/log';
import { Run, type JsonValue } from '../flows/run';
import type { SettleResult, SubjectTraces } from '../state/erasure';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
import { timerId, type Timer } from '../state/turn';
import { countOnPlatforms, eraseOnPlatforms, type PlatformRecords } from './platform-records';
import { eraseFromRun, exportFromRun, MEDIATION_PARTY_ERASED, type RunExport } from './run-privacy';
import { ERASED_TEXT, erasedValue, namesIn, takesPart, type Subject, type Traces } from './subject';
import { z } from 'zod';

/** The platforms people can be on; an id on any other is a typing mistake. */
export const PLATFORMS = ['local', 'discord', 'slack', 'web'] as const;

export interface PrivacyDeps {
  state: StateStore;
  outcomes: OutcomeStore;
  pseudonymise: Pseudonymise;
  now: () => number;
  /** What platforms keep of their own about people (the web chat's invitations and sessions). */
  platformRecords?: readonly PlatformRecords[];
  /** Where an erasure notes what it could not make sure of in the stores' files (never who). */
  log?: Logger;
}

/** Everything found about a person in the state. */
interface Found {
  runs: Run[];
  names: string[];
  traces: SubjectTraces;
}

const Erased = z.object({ at: z.number() });
/**
 * An erasure leaves a keyed mark (a pseudonym of its own kind, never the id, never the pseudonym
 * the outcome log used) so that asking again can be answered "already erased".
 */
const erasedKey = (pseudonymise: Pseudonymise, subject: Subject) => keys.record('erased', pseudonymise(`erased:${subject.platform}`, subject.userId));

/** Finds the person: by id first, then by the names they go by in those runs. */
async function find(deps: PrivacyDeps, subject: Subject): Promise<Found> {
  const byId = await deps.state.traces.find([subject.userId]);
  const runs = await load(deps.state, byId.runs);
  const names = namesIn(runs, subject).filter((name) => name !== subject.userId && name.trim().length >= 2);
  if (names.length === 0) return { runs: runs.filter((run) => mentions(run, subject, [])), names, traces: byId };
  const byName = await deps.state.traces.find(names);
  const more = await load(
    deps.state,
    byName.runs.filter((id) => !byId.runs.includes(id)),
  );
  const all = [...runs, ...more].filter((run) => mentions(run, subject, names));
  return {
    runs: all,
    names,
    traces: {
      runs: all.map((run) => run.id),
      keys: [...new Set([...byId.keys, ...byName.keys])],
      lists: [...new Set([...byId.lists, ...byName.lists])],
      timers: [...new Map([...byId.timers, ...byName.timers].map((t) => [t.id, t])).values()],
    },
  };
}

/**
 * Other people's runs holding a quote of a report the person filed: an intake keeps the open reports
 * it offers as "the same as mine" (`vars.open`, each with the report's run id and its opening words).
 */
async function quotingRuns(state: StateStore, runs: Run[], subject: Subject): Promise<Run[]> {
  const reports = runs.filter((run) => run.flowId === 'feedback' && run.participants.some((p) => p.platform === subject.platform && p.userId === subject.userId && p.role === 'reporter')).map((run) => run.id);
  if (reports.length === 0) return [];
  const found = await state.traces.find(reports);
  const own = new Set(runs.map((run) => run.id));
  return load(
    state,
    found.runs.filter((id) => !own.has(id)),
  );
}

/** A run with every quote of these runs (`{runId, ..., summary}`) reduced to its reference and category. */
function withoutQuotes(run: Run, quoted: string[], now: number): Run {
  const unquote = (value: JsonValue): JsonValue => {
    if (Array.isArray(value)) return value.map(unquote);
    if (typeof value !== 'object' || value === null) return value;
    if (typeof value.runId === 'string' && quoted.includes(value.runId)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && !QUOTE_KEEPS.has(k) ? ERASED_TEXT : v]));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unquote(v)]));
  };
  return { ...run, vars: unquote(run.vars) as Run['vars'], updatedAt: now };
}

/** What a quote of an erased person's report keeps: which report it is, never its words. */
const QUOTE_KEEPS = new Set(['ref', 'runId', 'category']);

async function load(state: StateStore, ids: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  for (const id of ids) {
    const run = await state.getRun(id).catch(() => undefined);
    if (run) runs.push(run);
  }
  return runs;
}

/** Whether a run really holds the person (a search by text may also find a longer word). */
function mentions(run: Run, subject: Subject, names: string[]): boolean {
  if (takesPart(run, subject)) return true;
  const traces: Traces = { userId: subject.userId, names };
  return JSON.stringify(erasedValue(run as unknown as JsonValue, traces, 'x')) !== JSON.stringify(run);
}

/** What `/privacy` shows: counts and kinds, never contents. */
export interface PrivacySummary {
  /** Runs by script (feedback, dialogue, mediation...), with the roles the person has in them. */
  records: { flow: string; count: number; roles: string[] }[];
  /** Settings kept (the language they chose). */
  settings: number;
  /** Outcomes in the evaluation log that count them (under a pseudonym). */
  outcomes: number;
  /** Entries of the audit trail of things they did. */
  audit: number;
  /** Records the platform keeps of its own (web chat invitations, sessions, thread members). */
  platform: number;
}

export async function summarise(deps: PrivacyDeps, subject: Subject): Promise<PrivacySummary> {
  const found = await find(deps, subject);
  const byFlow = new Map<string, { count: number; roles: Set<string> }>();
  for (const run of found.runs) {
    const entry = byFlow.get(run.flowId) ?? { count: 0, roles: new Set<string>() };
    entry.count += 1;
    for (const p of run.participants) if (p.platform === subject.platform && p.userId === subject.userId) entry.roles.add(p.role);
    byFlow.set(run.flowId, entry);
  }
  const pseudonym = deps.pseudonymise(subject.platform, subject.userId);
  return {
    records: [...byFlow].map(([flow, e]) => ({ flow, count: e.count, roles: [...e.roles] })),
    settings: found.traces.keys.filter((k) => k.startsWith('prefs:') || k.startsWith('plocale:')).length,
    outcomes: (await outcomesOf(deps.outcomes, pseudonym)).length,
    audit: (await deps.outcomes.audit.read()).filter((e) => e.actor === pseudonym).length,
    platform: countOnPlatforms(deps.platformRecords ?? [], subject.platform, subject.userId),
  };
}

async function outcomesOf(outcomes: OutcomeStore, pseudonym: string): Promise<Outcome[]> {
  return (await outcomes.query({ actor: pseudonym })).filter((o) => o.actors.includes(pseudonym));
}

/** A person's export: everything they wrote and everything recorded about them, and nothing of anyone else's. */
export interface PrivacyExport {
  person: { platform: string; userId: string; names: string[]; pseudonym: string };
  exportedAt: string;
  records: RunExport[];
  settings: Record<string, JsonValue>;
  outcomes: Omit<Outcome, 'actors'>[];
  audit: Omit<AuditEntry, 'actor'>[];
}

export async function exportData(deps: PrivacyDeps, subject: Subject): Promise<PrivacyExport> {
  const found = await find(deps, subject);
  const pseudonym = deps.pseudonymise(subject.platform, subject.userId);
  const settings: Record<string, JsonValue> = {};
  for (const key of [keys.prefs(`${subject.platform}:${subject.userId}`), keys.platformLocale(`${subject.platform}:${subject.userId}`)]) {
    const value = await deps.state.get(key, z.record(z.string(), z.string())).catch(() => undefined);
    if (value) settings[key.split(':')[0] as string] = value;
  }
  return {
    person: { platform: subject.platform, userId: subject.userId, names: found.names, pseudonym },
    exportedAt: new Date(deps.now()).toISOString(),
    records: found.runs.filter((run) => mentions(run, subject, found.names)).map((run) => exportFromRun(run, subject)),
    settings,
    // Others who took part in the same outcome are not theirs to see.
    outcomes: (await outcomesOf(deps.outcomes, pseudonym)).map(({ actors: _actors, ...o }) => o),
    audit: (await deps.outcomes.audit.read()).filter((e) => e.actor === pseudonym).map(({ actor: _actor, ...e }) => e),
  };
}

/** What an erasure removed, per store. */
export interface ErasureReport {
  state: { records: number; keys: number; lists: number; timers: number };
  outcomes: { outcomes: number };
  /** Records the platform kept of its own (web chat invitations, sessions, thread members). */
  platform: { records: number };
  /**
   * Mediations in progress that end because a party was erased: the bot tells everyone still in
   * them, the mediator included, as soon as it runs.
   */
  endedMediations: string[];
  /**
   * Mediations past their agreement that lose a party: the agreement stands, the follow-up goes on
   * with the others, and the bot tells the mediator as soon as it runs.
   */
  agreedMediations: string[];
  /** Open reports that go on without their reporter. */
  anonymousReports: string[];
  /** The id the audit trail now knows the erased person by. */
  erasedAs: string;
  /** What the state store's files still need (Redis: a rewrite asked for, or persistence unknown). */
  files: SettleResult;
}

export type ErasureOutcome = { kind: 'erased'; report: ErasureReport } | { kind: 'unknown' } | { kind: 'already-erased' };

const ATTEMPTS = 5;

/**
 * Erases a person from the state and the outcome log. The state changes in one atomic write (runs
 * rewritten, keys and lists removed, timers rewritten), then the outcome log replaces their
 * pseudonym by a new random one in one transaction: counts stand, nothing leads to them.
 */
export async function eraseData(deps: PrivacyDeps, subject: Subject, by: 'self' | 'admin'): Promise<ErasureOutcome> {
  const pseudonym = deps.pseudonymise(subject.platform, subject.userId);
  const mark = erasedKey(deps.pseudonymise, subject);
  for (let attempt = 1; ; attempt += 1) {
    const found = await find(deps, subject);
    const outcomeCount = (await outcomesOf(deps.outcomes, pseudonym)).length;
    const auditCount = (await deps.outcomes.audit.read()).filter((e) => e.actor === pseudonym || e.target === pseudonym).length;
    const onPlatform = countOnPlatforms(deps.platformRecords ?? [], subject.platform, subject.userId);
    const nothing = found.runs.length === 0 && found.traces.keys.length === 0 && found.traces.lists.length === 0 && found.traces.timers.length === 0 && outcomeCount === 0 && auditCount === 0 && onPlatform === 0;
    if (nothing) return (await deps.state.get(mark, Erased).catch(() => undefined)) ? { kind: 'already-erased' } : { kind: 'unknown' };
    const now = deps.now();
    const traces: Traces = { userId: subject.userId, names: found.names };
    const erased = found.runs.map((before) => ({ before, ...eraseFromRun(before, subject, traces, now) }));
    const timers = found.traces.timers.map((timer) => ({ ...timer, payload: erasedValue(timer.payload, traces, 'erased') as typeof timer.payload }));
    const deleteKeys = [...found.traces.keys, ...found.traces.lists].filter((key) => !key.startsWith('run:'));
    // In the same write: a notice for each mediation that loses a party, so that it ends the usual
    // kind way (or, past its agreement, its mediator is told) even when the erasure comes from the
    // command line and no bot is running yet.
    const schedule: Timer[] = erased
      .filter((e) => e.endedMediation || e.agreedMediation)
      .map(({ run }) => ({ id: timerId(run.id, MEDIATION_PARTY_ERASED), runId: run.id, name: MEDIATION_PARTY_ERASED, at: now, payload: {} }));
    // Others' runs that quote a report of theirs (an intake offering it as "the same as mine") lose the quote.
    const copies = await quotingRuns(deps.state, found.runs, subject);
    const unquoted = copies.map((before) => ({ before, run: withoutQuotes(before, found.runs.map((r) => r.id), now) }));
    const result = await deps.state.traces.erase({ runs: [...erased, ...unquoted].map(({ before, run }) => ({ before, run })), deleteKeys, timers, schedule });
    if (result === 'conflict') {
      if (attempt < ATTEMPTS) continue;
      throw new Error('the records kept changing while they were being erased; please try again');
    }
    const platformRecords = eraseOnPlatforms(deps.platformRecords ?? [], subject.platform, subject.userId);
    const replacement = `p_${randomBytes(8).toString('hex')}`;
    const outcomes = await deps.outcomes.forget(pseudonym, replacement);
    await deps.state.set(mark, { at: now });
    await deps.outcomes.audit.append({ at: now, actor: by === 'admin' ? 'admin' : replacement, action: 'privacy.erase', target: replacement });
    const files = await settleFiles(deps);
    const refOf = (run: Run) => (typeof run.vars.ref === 'string' ? run.vars.ref : run.id);
    return {
      kind: 'erased',
      report: {
        state: { records: erased.length, keys: found.traces.keys.length, lists: found.traces.lists.length, timers: timers.length },
        outcomes: { outcomes },
        platform: { records: platformRecords },
        endedMediations: erased.filter((e) => e.endedMediation).map((e) => refOf(e.run)),
        agreedMediations: erased.filter((e) => e.agreedMediation).map((e) => refOf(e.run)),
        anonymousReports: erased.filter((e) => e.anonymousReport).map((e) => refOf(e.run)),
        erasedAs: replacement,
        files,
      },
    };
  }
}

/**
 * Leaves no old version of what was erased in the stores' files: the outcome log compacts the tables
 * it changed, the state store empties its log or asks its server to rewrite its persistence files.
 * What cannot be done is logged (which store, why; never who) and reported; the erasure stands.
 */
async function settleFiles(deps: PrivacyDeps): Promise<SettleResult> {
  try {
    await deps.outcomes.settle?.();
  } catch (error) {
    deps.log?.warn({ store: 'outcomes', err: (error as Error).message }, 'erasure: the outcome log could not compact the tables it changed');
  }
  const files = await deps.state.traces.settle().catch((error: unknown): SettleResult => ({ kind: 'unknown', reason: (error as Error).message }));
  if (files.kind === 'unknown') deps.log?.warn({ store: 'state', reason: files.reason }, 'erasure: could not learn how the state server persists; its files may keep erased values until it rewrites them');
  else if (files.kind === 'rewriting') deps.log?.info({ store: 'state', commands: files.commands }, 'erasure: the state server rewrites its persistence files');
  return files;
}
