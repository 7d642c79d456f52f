import type { ToneKind, ToneStructure } from './tone-lexicon';

/**
 * Reads how a message is put together rather than which phrase it uses: who it is aimed at (a
 * target: "you", "your family", "people like you"; 你、你们、像你这种人), what it says of them (a
 * negative evaluation), whether it sweeps (a generaliser: always, never; 总是、从来), and whether a
 * question or praise is used to mock. Works on the words a Segmenter gives, in any language
 * whose word lists the lexicon holds.
 */
export interface StructuralFinding {
  readonly kind: ToneKind;
  /** False when the evidence is partial (a mild word, say): a second opinion may decide. */
  readonly sure: boolean;
}

const CLAUSE_END = /^[\p{P}\p{S}]+$/u;
const SENTENCE_END = /[.!?。！？…]/u;
const QUESTION = /[?？]/u;
const COMMA = /^[,，、]+$/u;

interface Sentence {
  readonly clauses: readonly (readonly string[])[];
  readonly words: readonly string[];
  readonly question: boolean;
}

export function sentencesOf(words: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let clauses: string[][] = [];
  let clause: string[] = [];
  let all: string[] = [];
  const close = (question: boolean): void => {
    if (clause.length > 0) clauses.push(clause);
    if (clauses.length > 0) out.push({ clauses, words: all, question });
    clauses = [];
    clause = [];
    all = [];
  };
  for (const word of words) {
    // a comma does not end what is said of a target ("such a sad, lonely ..."); another subject does (stoppers)
    if (COMMA.test(word)) continue;
    if (CLAUSE_END.test(word)) {
      if (SENTENCE_END.test(word)) {
        close(QUESTION.test(word));
      } else if (clause.length > 0) {
        clauses.push(clause);
        clause = [];
      }
    } else {
      clause.push(word);
      all.push(word);
    }
  }
  close(false);
  return out;
}


/** Where the targets of a clause start and end, skipping targets inside reported or negated speech ("I never said you ..."). */
function targetsIn(words: readonly string[], s: ToneStructure): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const n = s.targets.at(words, i);
    if (n === 0) continue;
    const before = words.slice(Math.max(0, i - 3), i);
    const reported = before.some((w) => s.reporting.has(w) || s.negators.has(w));
    if (!reported) out.push({ start: i, end: i + n });
    i += n - 1;
  }
  return out;
}

/** A clause that only names the target ("You lot, ..."; 像你们这样的人，……) is the topic of the next: they are read together. */
function withTopics(clauses: readonly (readonly string[])[], s: ToneStructure): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  for (let i = 0; i < clauses.length; i += 1) {
    const clause = clauses[i] ?? [];
    const next = clauses[i + 1];
    if (next !== undefined && s.targets.at(clause, 0) === clause.length) {
      out.push([...clause, ...next]);
      i += 1;
    } else {
      out.push(clause);
    }
  }
  return out;
}

type Evaluation = 'negative' | 'mild' | undefined;

/** What a clause says of its target in the words after it, up to the next subject. */
function evaluationAfter(words: readonly string[], from: number, s: ToneStructure): Evaluation {
  let negated = false;
  let found: Evaluation;
  for (let j = from; j < Math.min(words.length, from + s.window); j += 1) {
    const n = s.negative.at(words, j);
    if (n > 0) {
      if (!negated) return 'negative';
      j += n - 1;
      continue;
    }
    const word = words[j] ?? '';
    if (s.stoppers.has(word)) break;
    if (s.negators.has(word)) {
      negated = true;
      continue;
    }
    if (!negated && s.mild.at(words, j) > 0) found ??= 'mild';
  }
  return found;
}

/**
 * A generaliser said of the target: after it, before another subject ("you always ...", 你总是……),
 * or just before it with no one else speaking ("every time you ...", 每次你……). Not reported
 * speech ("you always said we could ...").
 */
function generalises(words: readonly string[], target: { start: number; end: number }, s: ToneStructure): boolean {
  const sweeping = (i: number): boolean => {
    const n = s.generalisers.at(words, i);
    return n > 0 && !s.reporting.has(words[i + n] ?? '');
  };
  for (let j = target.end; j < Math.min(words.length, target.end + s.window); j += 1) {
    if (s.stoppers.has(words[j] ?? '')) break;
    if (sweeping(j)) return true;
  }
  for (let j = Math.max(0, target.start - 3); j < target.start; j += 1) {
    if (sweeping(j)) return !words.slice(0, j).some((w) => s.self.has(w));
  }
  return false;
}

function isNegative(words: readonly string[], s: ToneStructure): boolean {
  for (let i = 0; i < words.length; i += 1) {
    const n = s.negative.at(words, i);
    if (n > 0 && !s.negators.has(words[i - 1] ?? '')) return true;
  }
  return false;
}

function countEntries(words: readonly string[], list: ToneStructure['praise']): number {
  let count = 0;
  for (let i = 0; i < words.length; i += 1) {
    const n = list.at(words, i);
    if (n > 0) {
      count += 1;
      i += n - 1;
    }
  }
  return count;
}

/** Whether the words name a target outside reported or negated speech ("I never said you were ..." does not). */
export function aimsAtSomeone(words: readonly string[], s: ToneStructure): boolean {
  return sentencesOf(words).some((sentence) => sentence.clauses.some((clause) => targetsIn(clause, s).length > 0));
}

/**
 * Who a message speaks of, for the learned model: `someone` when a target is named outside reported
 * speech (a negation alone does not count here: "don't you dare", "I wouldn't trust you"),
 * `reported` when every target is inside it ("I never said you were selfish"), `nobody` without a target.
 */
export function addressee(words: readonly string[], s: ToneStructure): 'someone' | 'reported' | 'nobody' {
  let reported = false;
  for (let i = 0; i < words.length; i += 1) {
    const n = s.targets.at(words, i);
    if (n === 0) continue;
    const before = words.slice(Math.max(0, i - 3), i);
    const sameClause = before.slice(before.findLastIndex((w) => CLAUSE_END.test(w)) + 1);
    if (!sameClause.some((w) => s.reporting.has(w))) return 'someone';
    reported = true;
    i += n - 1;
  }
  return reported ? 'reported' : 'nobody';
}

/** The structural kinds found in a message, strongest evidence first. */
export function readStructure(words: readonly string[], s: ToneStructure): StructuralFinding | undefined {
  let unsure: StructuralFinding | undefined;
  for (const sentence of sentencesOf(words)) {
    const aimed = sentence.clauses.some((clause) => targetsIn(clause, s).length > 0);
    // "you always bring flowers, it's really sweet": a generalisation followed by plain praise, without a give-away
    const praised = s.positive.within(sentence.words) && !s.sarcasmMarkers.within(sentence.words) && !isNegative(sentence.words, s);
    for (const clause of withTopics(sentence.clauses, s)) {
      const targets = targetsIn(clause, s);
      if (targets.length === 0) continue;
      for (const target of targets) {
        const evaluation = evaluationAfter(clause, target.end, s);
        if (evaluation === 'negative') return { kind: 'insult', sure: true };
        if (evaluation === 'mild') unsure ??= { kind: 'insult', sure: false };
      }
      // "the most selfish person I know", "as inconsiderate as you": an intensified evaluation with a target in the clause
      if (s.intensifiers.within(clause) && isNegative(clause, s)) return { kind: 'insult', sure: true };
      if (targets.some((target) => generalises(clause, target, s)) && !s.positive.within(clause) && !praised) return { kind: 'absolute', sure: true };
    }
    // "Every night without fail, you ...", 每天晚上你都……: a sentence that opens with a generaliser and is aimed at someone
    const opening = s.generalisers.at(sentence.words, 0);
    if (opening > 0 && aimed && !s.positive.within(sentence.words)) return { kind: 'absolute', sure: true };
    if (sentence.question && aimed && s.rhetoricalMarkers.within(sentence.words)) return { kind: 'mockery', sure: true };
    // praise with a give-away ("oh", "again"): mocking when something negative is said too, or the give-aways pile up
    if (s.praise.within(sentence.words) && s.sarcasmMarkers.within(sentence.words)) {
      const markers = countEntries(words, s.sarcasmMarkers);
      unsure ??= { kind: 'mockery', sure: false };
      if (isNegative(words, s) || markers >= 2) return { kind: 'mockery', sure: true };
    }
  }
  return unsure;
}
