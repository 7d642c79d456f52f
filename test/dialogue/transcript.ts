import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, type ChatHarness } from '../support/harness';

/** Two opinion camps: A wants parking kept in the courtyard, B wants a garden instead. */
export const CAMP_A = ['ann', 'bo', 'cai'];
export const CAMP_B = ['dev', 'eva', 'fang'];
export const EVERYONE = [...CAMP_A, ...CAMP_B];

export interface Script {
  start: string;
  /** Statements, one written by each participant in EVERYONE's order. */
  statements: [string, string, string, string, string, string];
  perspectives: Record<string, string>;
}

/**
 * How each camp votes on the six statements (1 agree, 2 disagree, 3 pass on the card's buttons):
 * statements 1 and 2 everyone agrees with; 3 only A; 4 and 5 only B; 6 is mostly passed.
 */
const VOTES: Record<'A' | 'B', string[]> = {
  A: ['1', '1', '1', '2', '2', '3'],
  B: ['1', '1', '2', '1', '1', '3'],
};

export async function typeAs(h: ChatHarness, who: string, ...lines: string[]): Promise<string[]> {
  return h.type(`/as ${who}`, ...lines);
}

/** Everyone answers the cards shown to them, in statement order, until none is left. */
export async function voteAll(h: ChatHarness): Promise<string[]> {
  const out: string[] = [];
  for (const who of EVERYONE) {
    const camp = CAMP_A.includes(who) ? 'A' : 'B';
    const own = EVERYONE.indexOf(who);
    const answers = VOTES[camp].filter((_vote, i) => i !== own);
    out.push(...(await typeAs(h, who, '/dm', ...answers)));
  }
  return out;
}

/** Starts a dialogue and lets all six take part; returns the harness and the lines so far. */
export async function openDialogue(script: Script, locale?: 'zh-CN'): Promise<{ h: ChatHarness; out: string[] }> {
  // The shared thread speaks the community's language; each person set theirs with /language.
  const h = await createHarness(locale ? { community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale } } : {});
  const out: string[] = [];
  if (locale) for (const who of ['li', ...EVERYONE]) await typeAs(h, who, `/language ${locale}`);
  out.push(...(await h.type('/as li social_worker', '/in general', script.start, '/in t1')));
  for (const who of EVERYONE) out.push(...(await typeAs(h, who, '/in t1', '/dialogue join')));
  return { h, out };
}
