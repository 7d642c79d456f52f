/**
 * Agreement with Pol.is on conversations of the Pol.is open data: groups found against Pol.is's,
 * adjusted Rand index, and how many of our first five common-ground statements are in Pol.is's top
 * ten by group-informed consensus.
 *
 * Always: the four development conversations (test/fixtures/polis). With `POLIS_OPEN_DATA` set to a
 * copy of github.com/compdemocracy/openData, also the held-out "check" conversations, and with
 * `POLIS_HELD_OUT=final` as well, the "final" ones, which the method was never tuned on
 * (docs/consensus.md).
 */
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './figures';
import { polisAgreement } from './polis-agreement';

const DEVELOPMENT = ['vtaiwan.uberx', 'brexit-consensus', 'scoop-hivemind.ubi', '15-per-hour-seattle'];
export const CHECK_SET = ['american-assembly.bowling-green', 'london.youth.policing', 'scoop-hivemind.freshwater', 'austria-climate.5twd2jsnkf.2022-08-08', 'canadian-electoral-reform', 'scoop-hivemind.taxes'];
export const FINAL_SET = [
  'austria-climate.2vkxcncppn.2022-07-07',
  'austria-climate.7z7ejpbmv5.2022-08-08',
  'bg2050-volunteers',
  'football-concussions',
  'scoop-hivemind.affordable-housing',
  'scoop-hivemind.biodiversity',
  'ssis.land-bank-farmland.2rumnecbeh.2021-08-01',
];

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Figures for each conversation of a set, then the set's means; `goals` from the issue. */
function setFigures(label: string, folders: string[], goals: { ari: string; sameK: string; topFive?: string }, progress: (line: string) => void): BenchFigure[] {
  const figures: BenchFigure[] = [];
  let ariSum = 0;
  let sameK = 0;
  let topFive = 0;
  for (const folder of folders) {
    const r = polisAgreement(folder);
    progress(r.conversation);
    ariSum += r.adjustedRandIndex;
    if (r.ourGroups === r.polisGroups) sameK += 1;
    topFive += r.firstFive.length === 0 ? 0 : r.inPolisTopTen / r.firstFive.length;
    figures.push(
      { name: `${r.conversation}: groups (Pol.is ${r.polisGroups})`, value: r.ourGroups, unit: 'groups' },
      { name: `${r.conversation}: adjusted Rand index`, value: round(r.adjustedRandIndex), unit: '' },
      { name: `${r.conversation}: first five in Pol.is's top ten`, value: r.inPolisTopTen, unit: `of ${r.firstFive.length}` },
    );
  }
  figures.push(
    { name: `${label}: same number of groups as Pol.is`, value: sameK, unit: `of ${folders.length}`, goal: goals.sameK },
    { name: `${label}: mean adjusted Rand index`, value: round(ariSum / folders.length), unit: '', goal: goals.ari },
    { name: `${label}: mean share of the first five in Pol.is's top ten`, value: round(topFive / folders.length), unit: '', ...(goals.topFive ? { goal: goals.topFive } : {}) },
  );
  return figures;
}

export const polisBench: BenchSuite = async (progress) => {
  const figures = setFigures(
    'development',
    DEVELOPMENT.map((name) => join('test', 'fixtures', 'polis', name)),
    { ari: '>= 0.7', sameK: '>= 3' },
    progress,
  );
  const openData = process.env.POLIS_OPEN_DATA;
  if (openData !== undefined && openData !== '') {
    const heldOut = { ari: '>= 0.6', sameK: '>= 2/3', topFive: '>= 0.8' };
    figures.push(...setFigures('check set', CHECK_SET.map((name) => join(openData, name)), heldOut, progress));
    if (process.env.POLIS_HELD_OUT === 'final') figures.push(...setFigures('final set', FINAL_SET.map((name) => join(openData, name)), heldOut, progress));
  }
  return Promise.resolve(figures);
};
