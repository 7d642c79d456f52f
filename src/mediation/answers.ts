/**
 * Reads answers typed as numbered marks, e.g. "1 yes, 2 no" or "1 kept 2 partly" (or in Chinese,
 * "1 可以，2 不行"). Pure: the buttons of a platform and the typed form both end up here as text.
 */
const ACCEPT: Record<string, boolean> = {
  yes: true,
  y: true,
  ok: true,
  no: false,
  n: false,
  是: true,
  好: true,
  可以: true,
  同意: true,
  接受: true,
  否: false,
  不: false,
  不行: false,
  不可以: false,
  不同意: false,
  不接受: false,
};

export type FollowUpAnswer = 'kept' | 'partly' | 'not_kept';

const FOLLOW_UP: Record<string, FollowUpAnswer> = {
  kept: 'kept',
  yes: 'kept',
  partly: 'partly',
  partial: 'partly',
  partially: 'partly',
  'not kept': 'not_kept',
  not_kept: 'not_kept',
  no: 'not_kept',
  做到了: 'kept',
  做到: 'kept',
  是: 'kept',
  部分: 'partly',
  部分做到: 'partly',
  没有: 'not_kept',
  没做到: 'not_kept',
  没有做到: 'not_kept',
  否: 'not_kept',
};

/** Splits "1 yes, 2 no" into [number, word] pairs; null when the text has another shape. */
function pairs(text: string): [number, string][] | null {
  const pattern = /(\d{1,2})\s*[.:：、)）-]?\s*([^\d,，;；、\n]+)/gu;
  const found: [number, string][] = [];
  let rest = text;
  for (const match of text.matchAll(pattern)) {
    found.push([Number(match[1]), (match[2] ?? '').trim().toLowerCase().replace(/[.。!！]+$/u, '')]);
    rest = rest.replace(match[0], '');
  }
  return found.length > 0 && rest.replace(/[\s,，;；、]/gu, '') === '' ? found : null;
}

function marks<T>(text: string, count: number, words: Record<string, T>): T[] | null {
  const found = pairs(text);
  if (!found) return null;
  const out: (T | undefined)[] = new Array<T | undefined>(count).fill(undefined);
  for (const [n, word] of found) {
    const value = words[word];
    if (n < 1 || n > count || value === undefined) return null;
    out[n - 1] = value;
  }
  return out.every((v) => v !== undefined) ? (out as T[]) : null;
}

/** Each option acceptable (true) or not; null unless every option 1..count is marked once. */
export function readAcceptance(text: string, count: number): boolean[] | null {
  return marks(text, count, ACCEPT);
}

/** Each commitment kept, partly or not kept; null unless every commitment is answered. */
export function readFollowUp(text: string, count: number): FollowUpAnswer[] | null {
  return marks(text, count, FOLLOW_UP);
}
