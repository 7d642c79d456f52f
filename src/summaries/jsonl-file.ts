/**
 * Reads a JSONL file (one JSON object a line) as a stream, in bounded memory: a line longer than
 * MAX_LINE_BYTES is skipped without being held, and the whole file is never in memory.
 *
 * `scanJsonl` makes a first pass: it counts valid and invalid lines (with their line numbers and
 * why) and keeps a seeded random sample of valid items (reservoir sampling), so topics can be
 * learnt from the sample. `eachJsonl` makes a second pass over the valid items, one at a time.
 */
import { createReadStream } from 'node:fs';
import type { z } from 'zod';
import { seededRandom } from '../core/seeded-random';

/** Lines longer than this (in bytes) are skipped as too long. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** How many invalid lines are listed by number; the rest are only counted. */
const LISTED_PROBLEMS = 20;
const SAMPLE_SEED = 0x5a3b1e;

export type LineProblemReason = 'json' | 'fields' | 'too_long';

export interface LineProblem {
  line: number;
  reason: LineProblemReason;
}

export interface JsonlScan<T> {
  /** Valid lines. */
  valid: number;
  /** Invalid lines (bad JSON, missing fields, too long); blank lines are neither. */
  invalid: number;
  /** The first invalid lines, with their numbers. */
  problems: LineProblem[];
  /** A seeded random sample of the valid items, in file order. */
  sample: T[];
}

type RawLine = { line: number; text: string } | { line: number; tooLong: true };

/** The file's lines, split on \n (a \r before it is dropped, and a byte-order mark at the start), each longer one reported, not held. */
export async function* readLines(path: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): RawLine => {
    line += 1;
    // A byte-order mark (as Windows editors and spreadsheet exports write) is not part of the first line.
    const text = tooLong ? '' : Buffer.concat(parts, length).toString('utf8').replace(/\r$/u, '');
    const result: RawLine = tooLong ? { line, tooLong: true } : { line, text: line === 1 ? text.replace(/^\uFEFF/u, '') : text };
    parts = [];
    length = 0;
    tooLong = false;
    return result;
  };
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(0x0a, start);
      const piece = buffer.subarray(start, end === -1 ? buffer.length : end);
      if (!tooLong) {
        if (length + piece.length > maxLineBytes) {
          tooLong = true;
          parts = [];
          length = 0;
        } else if (piece.length > 0) {
          parts.push(Buffer.from(piece));
          length += piece.length;
        }
      }
      if (end === -1) break;
      yield finish();
      start = end + 1;
    }
  }
  if (length > 0 || tooLong) yield finish();
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: LineProblemReason } | { ok: 'blank' };

function parseLine<T>(raw: RawLine, schema: z.ZodType<T>): Parsed<T> {
  if ('tooLong' in raw) return { ok: false, reason: 'too_long' };
  if (raw.text.trim() === '') return { ok: 'blank' };
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'fields' };
}

/** First pass: counts, the first problems, and a sample of at most `sampleSize` valid items; `seen` sees every valid item. */
export async function scanJsonl<T>(path: string, schema: z.ZodType<T>, sampleSize: number, seen?: (item: T) => void): Promise<JsonlScan<T>> {
  const random = seededRandom(SAMPLE_SEED);
  const reservoir: { index: number; value: T }[] = [];
  const scan: JsonlScan<T> = { valid: 0, invalid: 0, problems: [], sample: [] };
  for await (const raw of readLines(path)) {
    const parsed = parseLine(raw, schema);
    if (parsed.ok === 'blank') continue;
    if (parsed.ok === false) {
      scan.invalid += 1;
      if (scan.problems.length < LISTED_PROBLEMS) scan.problems.push({ line: raw.line, reason: parsed.reason });
      continue;
    }
    const index = scan.valid;
    scan.valid += 1;
    seen?.(parsed.value);
    if (reservoir.length < sampleSize) reservoir.push({ index, value: parsed.value });
    else {
      const slot = Math.floor(random() * (index + 1));
      if (slot < sampleSize) reservoir[slot] = { index, value: parsed.value };
    }
  }
  scan.sample = reservoir.sort((a, b) => a.index - b.index).map((entry) => entry.value);
  return scan;
}

/** Second pass: every valid item in file order. */
export async function eachJsonl<T>(path: string, schema: z.ZodType<T>, visit: (item: T) => void): Promise<void> {
  for await (const raw of readLines(path)) {
    const parsed = parseLine(raw, schema);
    if (parsed.ok === true) visit(parsed.value);
  }
}
