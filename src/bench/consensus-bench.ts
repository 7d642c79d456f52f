/**
 * Benchmark of the group-informed consensus maths on a seeded vote matrix with planted opinion camps.
 */
import { findCommonGround } from '../dialogue/consensus';
import type { Vote } from '../dialogue/consensus';
import { seededRandom } from '../core/seeded-random';
import { quantile, timeIt } from './figures';
import type { BenchFigure, BenchSuite } from './figures';

export interface PlantedVotesSpec {
  participants: number;
  statements: number;
  camps: number;
  seed: number;
  /** Chance that a participant saw a given statement (default 0.6). */
  seenShare?: number;
  /** Chance that a vote ignores the camp's stance and is drawn at random (default 0.15). */
  noise?: number;
}

export interface PlantedVotes {
  matrix: Vote[][];
  /** Camp of each participant (0..camps-1). */
  camps: number[];
  /** Statement every camp agrees with. */
  sharedStatement: number;
}

/**
 * A vote matrix with planted camps: each camp has a stance on every statement (agree, disagree or,
 * now and then, pass), and each member votes that stance except for some noise. Statement 0 is
 * agreed by every camp. Participants are dealt to camps at random.
 */
export function plantedVotes(spec: PlantedVotesSpec): PlantedVotes {
  const random = seededRandom(spec.seed);
  const seenShare = spec.seenShare ?? 0.6;
  const noise = spec.noise ?? 0.15;
  const randomVote = (): Vote => {
    const draw = random();
    return draw < 0.45 ? 1 : draw < 0.9 ? -1 : 0;
  };
  const stances: Vote[][] = Array.from({ length: spec.camps }, () =>
    Array.from({ length: spec.statements }, (_unused, statement) => (statement === 0 ? 1 : randomVote())),
  );
  const camps = Array.from({ length: spec.participants }, () => Math.floor(random() * spec.camps));
  const matrix = camps.map((camp) =>
    Array.from({ length: spec.statements }, (_unused, statement): Vote => {
      if (random() >= seenShare) return null;
      const stance = stances[camp]?.[statement] ?? null;
      return random() < noise ? randomVote() : stance;
    }),
  );
  return { matrix, camps, sharedStatement: 0 };
}

const PARTICIPANTS = 1000;
const STATEMENTS = 200;
const RUNS = 5;

export const consensusBench: BenchSuite = async (progress) => {
  const { matrix } = plantedVotes({ participants: PARTICIPANTS, statements: STATEMENTS, camps: 3, seed: 20240601 });
  const name = `consensus ${PARTICIPANTS}x${STATEMENTS}`;
  progress(`${name}: warming up`);
  let groupsFound = findCommonGround(matrix).groups.length;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    progress(`${name}: run ${run} of ${RUNS}`);
    const cpu = process.cpuUsage();
    times.push(
      await timeIt(() => {
        groupsFound = findCommonGround(matrix).groups.length;
      }),
    );
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const figures: BenchFigure[] = [
    { name: `${name} (median of ${RUNS})`, value: Math.round(quantile(times, 0.5) * 10) / 10, unit: 'ms', goal: '< 200 ms' },
    // On a shared machine the wall time includes waiting for a processor; the CPU time does not.
    { name: `${name} CPU time (median of ${RUNS})`, value: Math.round(quantile(cpuTimes, 0.5) * 10) / 10, unit: 'ms' },
    { name: `${name} groups found`, value: groupsFound, unit: 'groups', goal: '3 (planted camps)' },
  ];
  return figures;
};
