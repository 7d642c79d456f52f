/**
 * Agreement with Pol.is on the four development conversations of the Pol.is open data
 * (test/fixtures/polis): groups found against Pol.is's, adjusted Rand index, and how many of our
 * first five common-ground statements are in Pol.is's top ten by group-informed consensus.
 */
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './figures';
import { polisAgreement } from './polis-agreement';

const CONVERSATIONS = ['vtaiwan.uberx', 'brexit-consensus', 'scoop-hivemind.ubi', '15-per-hour-seattle'];

export const polisBench: BenchSuite = async (progress) => {
  const figures: BenchFigure[] = [];
  let ariSum = 0;
  let sameK = 0;
  for (const name of CONVERSATIONS) {
    progress(name);
    const r = polisAgreement(join('test', 'fixtures', 'polis', name));
    ariSum += r.adjustedRandIndex;
    if (r.ourGroups === r.polisGroups) sameK += 1;
    figures.push(
      { name: `${name}: groups (Pol.is ${r.polisGroups})`, value: r.ourGroups, unit: 'groups' },
      { name: `${name}: adjusted Rand index`, value: Math.round(r.adjustedRandIndex * 1000) / 1000, unit: '' },
      { name: `${name}: first five in Pol.is's top ten`, value: r.inPolisTopTen, unit: `of ${r.firstFive.length}` },
    );
  }
  figures.push(
    { name: 'same number of groups as Pol.is', value: sameK, unit: `of ${CONVERSATIONS.length}`, goal: '>= 3' },
    { name: 'mean adjusted Rand index', value: Math.round((ariSum / CONVERSATIONS.length) * 1000) / 1000, unit: '', goal: '>= 0.7' },
  );
  return Promise.resolve(figures);
};
