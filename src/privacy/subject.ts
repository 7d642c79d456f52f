import { randomBytes } from 'node:crypto';
import type { JsonValue, Run } from '../flows/run';

/** The person whose data is seen, exported or erased: a user on one platform. */
export interface Subject {
  platform: string;
  userId: string;
}

/**
 * What stands where an erased person's words were, in every language: others' records still read
 * ("[⊘]" in a list of statements), and nothing of what was said remains.
 */
export const ERASED_TEXT = '[⊘]';

/** An id that stands for an erased person within one record, linked to nothing. */
export const erasedId = (): string => `erased-${randomBytes(4).toString('hex')}`;

/** Whether an id is one an erasure left in place of a person (nobody to write to). */
export const isErasedId = (id: string): boolean => /^erased-[0-9a-f]{8}$/.test(id);

/** Fields that name the author of the object they are in: the object's words are theirs. */
const AUTHOR_FIELDS = ['by', 'author'];

/**
 * Plain answers a script saves for the whole run, written by the person in a role (a report's
 * text is its reporter's). Answers saved per person (`{userId: answer}`) and contributions
 * (`{by, text}`) carry their author already.
 */
const OWNED_BY_ROLE: Record<string, Record<string, string[]>> = {
  feedback: { reporter: ['report', 'reopenComment', 'rating'] },
  notice: { author: ['notice'] },
};

export function ownedVars(run: Run, userId: string): string[] {
  const roles = run.participants.filter((p) => p.userId === userId).map((p) => p.role);
  const table = OWNED_BY_ROLE[run.flowId] ?? {};
  return [...new Set(roles.flatMap((role) => table[role] ?? []))].filter((name) => run.vars[name] !== undefined);
}

const isObject = (v: JsonValue | undefined): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ways a person is written: their id, and their names (as shown in runs). */
export interface Traces {
  userId: string;
  names: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each mention of the person (as a whole word for Latin script, anywhere for others) in a text. */
export function withoutMentions(text: string, traces: Traces, placeholder: string): string {
  let out = text;
  for (const word of [traces.userId, ...traces.names]) {
    if (word.trim().length < 2) continue;
    out = /^[\x20-\x7e]+$/.test(word) ? out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escape(word)}(?![\\p{L}\\p{N}_])`, 'giu'), placeholder) : out.split(word).join(placeholder);
  }
  return out;
}

/** Everything in a value the person owns, made anonymous: words become the marker, numbers and flags stay. */
function erasedOwned(value: JsonValue, traces: Traces, placeholder: string): JsonValue {
  if (typeof value === 'string') return value === traces.userId ? placeholder : ERASED_TEXT;
  if (Array.isArray(value)) return value.map((v) => erasedOwned(v, traces, placeholder));
  if (isObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k === traces.userId ? placeholder : k] = erasedOwned(v, traces, placeholder);
    return out;
  }
  return value;
}

/** A value with the person taken out: their answers and contributions erased, their ids and names replaced. */
export function erasedValue(value: JsonValue, traces: Traces, placeholder: string): JsonValue {
  if (typeof value === 'string') {
    if (value === traces.userId) return placeholder;
    if (traces.names.includes(value)) return ERASED_TEXT;
    return withoutMentions(value, traces, ERASED_TEXT);
  }
  if (Array.isArray(value)) return value.map((v) => erasedValue(v, traces, placeholder));
  if (isObject(value)) {
    if (AUTHOR_FIELDS.some((f) => value[f] === traces.userId)) {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = AUTHOR_FIELDS.includes(k) ? placeholder : typeof v === 'string' ? (k === 'at' ? v : ERASED_TEXT) : erasedOwned(v, traces, placeholder);
      return out;
    }
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === traces.userId) out[placeholder] = erasedOwned(v, traces, placeholder);
      else out[withoutMentions(k, traces, placeholder)] = erasedValue(v, traces, placeholder);
    }
    return out;
  }
  return value;
}

/** Whether a person takes part in a run (in any role, active or not). */
export function takesPart(run: Run, subject: Subject): boolean {
  return run.participants.some((p) => p.platform === subject.platform && p.userId === subject.userId);
}

/** The names a person goes by in these runs. */
export function namesIn(runs: Run[], subject: Subject): string[] {
  const names = new Set<string>();
  for (const run of runs) for (const p of run.participants) if (p.platform === subject.platform && p.userId === subject.userId && p.name.trim()) names.add(p.name);
  return [...names];
}
