/**
 * Reads `/mediation open @maria @chen "Shared courtyard evenings" project=<id> stage=<id> script=<id>`.
 * Parties are user ids (local chat: persona names; platforms: mentions the adapter turned into ids),
 * with or without a leading `@`. Whether a user id belongs to a real member can only be checked
 * where the platform can look users up: see `KnowsUser` in feature.ts.
 */
export interface OpenRequest {
  parties: string[];
  title: string;
  project?: string;
  stage?: string;
  script?: string;
}

export type OpenProblem = { problem: 'usage' | 'self' | 'bot' | 'invalid' | 'twice' | 'title_long' | 'option'; name?: string };

const USER_ID = /^[\p{L}\p{N}._:-]{1,64}$/u;
const BOT_NAMES = new Set(['bot', 'commonground']);
const OPTIONS = new Set(['project', 'stage', 'script']);
export const TITLE_LIMIT = 80;

export function parseOpen(args: string[], callerId: string): OpenRequest | OpenProblem {
  const options: Record<string, string> = {};
  const words: string[] = [];
  for (const arg of args) {
    const option = /^([a-z]+)=(.*)$/.exec(arg);
    if (option) {
      if (!OPTIONS.has(option[1] ?? '')) return { problem: 'option', name: option[1] ?? '' };
      options[option[1] as string] = option[2] ?? '';
    } else {
      words.push(arg);
    }
  }
  // With mentions, the parties are the leading @words; without, every word but the last (the title).
  const mentioned = words.findIndex((w) => !w.startsWith('@'));
  const split = words[0]?.startsWith('@') ? (mentioned === -1 ? words.length : mentioned) : words.length - 1;
  const named = words.slice(0, Math.max(split, 0)).map((w) => w.replace(/^@/, ''));
  const title = words.slice(Math.max(split, 0)).join(' ').trim();
  if (named.length < 2 || title === '') return { problem: 'usage' };
  for (const name of named) {
    if (!USER_ID.test(name)) return { problem: 'invalid', name };
    if (BOT_NAMES.has(name.toLowerCase())) return { problem: 'bot' };
    if (name.toLowerCase() === callerId.toLowerCase()) return { problem: 'self' };
  }
  if (new Set(named.map((n) => n.toLowerCase())).size !== named.length) return { problem: 'twice' };
  if ([...title].length > TITLE_LIMIT) return { problem: 'title_long' };
  return { parties: named, title, ...options };
}
