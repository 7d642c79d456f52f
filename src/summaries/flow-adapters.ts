/**
 * Each flow keeps its own shape in `run.vars`; these small adapters turn a run into what the thread
 * summariser takes: a plain list of messages ({id, author, text, at}) and structured facts.
 * They read leniently (a field missing or of another shape is skipped), so a flow's records can
 * grow without breaking summaries.
 */
import type { Message } from '../core/wording';
import { isSaidLines } from '../flows/context';
import type { JsonValue, Run } from '../flows/run';
import type { SummaryMessage } from './schema';
import type { Translate } from './render';

type Json = JsonValue | undefined;
type JsonRecord = Record<string, JsonValue>;

export interface ThreadFacts {
  /** The report reference, category id and status (feedback). */
  report?: { ref: string; category: string; status: string };
  /** The current phase or stage (dialogue, mediation). */
  phase?: string;
  /** Statements most agreed with, and statements views differ on (dialogue). */
  commonGround: string[];
  divisive: string[];
  /** Agreed actions or commitments, as one line each. */
  actions: string[];
  /** The written agreement (mediation). */
  agreement: string[];
}

export interface ThreadSource {
  messages: SummaryMessage[];
  facts: ThreadFacts;
}

const isRecord = (v: Json): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json): string => (typeof v === 'string' ? v : '');
const num = (v: Json, fallback: number): number => (typeof v === 'number' ? v : fallback);
const emptyFacts = (): ThreadFacts => ({ commonGround: [], divisive: [], actions: [], agreement: [] });

function nameOf(run: Run, userId: string): string {
  return run.participants.find((p) => p.userId === userId)?.name ?? userId;
}

/** Every `{text, by|author}` object in the vars (contributions, needs, options), in the order found. */
function collectTexts(run: Run, skip: Set<string>): SummaryMessage[] {
  const found: SummaryMessage[] = [];
  for (const [key, value] of Object.entries(run.vars)) {
    if (skip.has(key) || !Array.isArray(value)) continue;
    for (const item of value) {
      if (!isRecord(item) || !str(item.text)) continue;
      const author = str(item.author) || str(item.by);
      found.push({ id: '', author: author ? nameOf(run, author) : '', text: str(item.text), at: num(item.at, run.startedAt) });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((m, i) => ({ ...m, id: `${i + 1}` }));
}

function dialogueSource(run: Run): ThreadSource {
  const facts = emptyFacts();
  const dialogue = run.vars.dialogue;
  if (!isRecord(dialogue)) return { messages: collectTexts(run, new Set()), facts };
  facts.phase = str(dialogue.phase) || undefined;
  const statements = Array.isArray(dialogue.statements) ? dialogue.statements.filter(isRecord) : [];
  // Each statement keeps its number from the thread, also when one before it is hidden.
  const messages = statements.flatMap((s, i) =>
    s.hidden !== true && str(s.text) ? [{ id: `${i + 1}`, author: nameOf(run, str(s.by)), text: str(s.text), at: num(s.at, run.startedAt) }] : [],
  );
  const result = dialogue.result;
  const pick = (indices: Json): string[] => (Array.isArray(indices) ? indices.flatMap((i) => (typeof i === 'number' ? [str(statements[i]?.text)] : [])).filter(Boolean) : []);
  if (isRecord(result)) {
    facts.commonGround = pick(result.consensus);
    facts.divisive = pick(result.divisive);
  }
  // An action the facilitator took back (recorded by mistake) is no longer agreed.
  const actions = Array.isArray(dialogue.actions) ? dialogue.actions.filter(isRecord).filter((a) => a.removed !== true) : [];
  facts.actions = actions.map((a) => [str(a.what), str(a.ownerName), str(a.dueText)].filter(Boolean).join(' · '));
  if (facts.phase === undefined) delete facts.phase;
  return { messages, facts };
}

function feedbackSource(run: Run): ThreadSource {
  const facts = emptyFacts();
  facts.report = { ref: str(run.vars.ref), category: str(run.vars.category), status: str(run.vars.status) };
  const report = run.vars.report;
  const messages: SummaryMessage[] = [];
  if (isRecord(report)) {
    const text = [str(report.what), str(report.where)].filter(Boolean).join('\n');
    if (text) messages.push({ id: '1', author: '', text, at: num(run.vars.filedAt, run.startedAt) });
  }
  // Notes written along the way (resolution note, reopening comment, reason for passing it on).
  for (const key of ['reassignReason', 'resolveNote', 'reopenComment']) {
    const text = str(run.vars[key]);
    if (text) messages.push({ id: `${messages.length + 1}`, author: '', text, at: run.updatedAt });
  }
  return { messages, facts };
}

/** A message kept as data in a run (its values text, numbers or such messages), written with `t`. */
function writtenWith(t: Translate, said: Message): string {
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.vars ?? {})) vars[name] = typeof value === 'string' || typeof value === 'number' ? value : typeof value === 'function' ? '' : writtenWith(t, value);
  return t(said.key, vars);
}

function mediationSource(run: Run, t?: Translate): ThreadSource {
  const facts = emptyFacts();
  facts.phase = str(run.vars.stage) || undefined;
  if (facts.phase === undefined) delete facts.phase;
  // The agreement is kept as lines of messages (written in the asker's language), or as text by earlier versions.
  const kept = run.vars.agreementText;
  const agreement = isSaidLines(kept) ? (t ? kept.lines.map((line) => writtenWith(t, line)) : []) : str(kept).split('\n');
  const commitments = Array.isArray(run.vars.commitments) ? run.vars.commitments.filter(isRecord) : [];
  facts.agreement = agreement.some((l) => l.trim()) ? agreement.filter((l) => l.trim()) : commitments.map((c) => [str(c.what), str(c.by)].filter(Boolean).join(' · '));
  facts.actions = [];
  return { messages: collectTexts(run, new Set(['commitments', 'copies', 'accepted'])), facts };
}

/** The summariser's input for a run of any flow; `t` writes what the run keeps as messages in the asker's language. */
export function threadSource(run: Run, t?: Translate): ThreadSource {
  if (run.flowId === 'dialogue' || isRecord(run.vars.dialogue)) return dialogueSource(run);
  if (run.flowId === 'feedback' || /^FB-\d+$/u.test(str(run.vars.ref))) return feedbackSource(run);
  if (run.flowId.startsWith('mediation')) return mediationSource(run, t);
  return { messages: collectTexts(run, new Set()), facts: emptyFacts() };
}
