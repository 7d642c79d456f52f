import { isBlank } from '../core/text';

/** What `/poll "Question?" "A" "B" [--multi] [--closes 2d]` asks for, or why it cannot be opened. */
export type PollRequest =
  | { ok: true; question: string; options: string[]; multi: boolean; closesInMs: number }
  | { ok: false; problem: 'no_question' | 'option_count' | 'too_many_options' | 'too_long' | 'same_option' | 'bad_closes'; count?: number; limit?: number };

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
export const QUESTION_LIMIT = 200;
export const OPTION_LIMIT = 80;
const MINUTE = 60_000;
const UNITS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };
export const DEFAULT_CLOSES_MS = 3 * UNITS.d!;
const LONGEST_MS = 60 * UNITS.d!;

/** `30m`, `12h`, `2d` (also `2天`, `12小时`) as milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,4})\s*(m|min|h|d|分钟|小时|天)$/i.exec(text.trim());
  if (!match) return null;
  const unit = { min: 'm', 分钟: 'm', 小时: 'h', 天: 'd' }[match[2]!.toLowerCase()] ?? match[2]!.toLowerCase();
  const ms = Number(match[1]) * (UNITS[unit] ?? 0);
  return ms > 0 && ms <= LONGEST_MS ? ms : null;
}

export function parsePoll(args: string[]): PollRequest {
  const words: string[] = [];
  let multi = false;
  let closesInMs = DEFAULT_CLOSES_MS;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i] ?? '';
    if (word === '--multi') multi = true;
    else if (word === '--closes') {
      const ms = parseDuration(args[(i += 1)] ?? '');
      if (ms === null) return { ok: false, problem: 'bad_closes' };
      closesInMs = ms;
    } else words.push(word.trim());
  }
  // An empty question ("") is said to be missing, rather than the first option taken for it.
  const [question, ...given] = words;
  if (!question || isBlank(question)) return { ok: false, problem: 'no_question' };
  const options = given.filter((option) => !isBlank(option));
  // Too few is often two options written in one pair of quotes; too many is not, so it is not said to be.
  if (options.length < MIN_OPTIONS) return { ok: false, problem: 'option_count', count: options.length };
  if (options.length > MAX_OPTIONS) return { ok: false, problem: 'too_many_options', count: options.length };
  if ([...question].length > QUESTION_LIMIT) return { ok: false, problem: 'too_long', limit: QUESTION_LIMIT };
  if (options.some((o) => [...o].length > OPTION_LIMIT)) return { ok: false, problem: 'too_long', limit: OPTION_LIMIT };
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) return { ok: false, problem: 'same_option' };
  return { ok: true, question, options, multi, closesInMs };
}
