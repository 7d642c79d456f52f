import { describe, expect, it } from 'vitest';
import { plantedVotes } from '../../src/bench/consensus-bench';
import { agreeShare, findCommonGround } from '../../src/dialogue/consensus';
import type { Vote } from '../../src/dialogue/consensus';

/** Rows for `count` participants who all vote `votes`. */
function members(count: number, votes: Vote[]): Vote[][] {
  return Array.from({ length: count }, () => [...votes]);
}

/** Interleave two groups: A takes the even rows, B the odd rows. */
function interleave(a: Vote[][], b: Vote[][]): Vote[][] {
  return a.flatMap((row, index) => [row, b[index] as Vote[]]);
}

describe('findCommonGround with two opinion groups', () => {
  // Columns: 0 all agree; 1-4 opposite; 5 A agrees, one of B agrees; 6 all pass; 7 A agrees, B passes.
  const groupA = members(6, [1, 1, -1, 1, -1, 1, 0, 1]);
  const groupB = members(6, [1, -1, 1, -1, 1, -1, 0, 0]);
  (groupB[0] as Vote[])[5] = 1;
  const matrix = interleave(groupA, groupB);
  const result = findCommonGround(matrix);

  it('finds the two groups, members sorted, groups ordered by first member', () => {
    expect(result.groups).toEqual([
      [0, 2, 4, 6, 8, 10],
      [1, 3, 5, 7, 9, 11],
    ]);
    expect(result.participantsClustered).toBe(12);
  });

  it('finds the statement everyone agrees with as the only common ground', () => {
    expect(result.consensus).toEqual([0]);
  });

  it('lists divisive statements by how far apart the groups are, then by column', () => {
    // Columns 1-4 and 7: 7/8 against 1/8 (0.75). Column 5: 7/8 against 2/8 (0.625).
    expect(result.divisive).toEqual([1, 2, 3, 4, 7, 5]);
  });

  it('treats a statement everyone passes on as neither common ground nor divisive', () => {
    expect(result.consensus).not.toContain(6);
    expect(result.divisive).not.toContain(6);
  });

  it('counts the votes per statement, overall and per group', () => {
    expect(result.statements[5]).toEqual({
      statement: 5,
      agree: 7,
      disagree: 5,
      pass: 0,
      seen: 12,
      groups: [
        { agree: 6, disagree: 0, pass: 0, seen: 6 },
        { agree: 1, disagree: 5, pass: 0, seen: 6 },
      ],
    });
    expect(result.statements[6]).toMatchObject({ agree: 0, disagree: 0, pass: 12, seen: 12 });
    expect(agreeShare({ agree: 6, disagree: 0, pass: 0, seen: 6 })).toBeCloseTo(7 / 8, 12);
  });

  it('gives the same answer on every run', () => {
    expect(findCommonGround(matrix)).toEqual(result);
  });
});

describe('findCommonGround with three opinion groups', () => {
  // Columns: 0 all agree; 1 only A agrees; 2 only B agrees; 3 only C agrees; 4 A and B agree; 5 all pass.
  const a = members(5, [1, 1, -1, -1, 1, 0]);
  const b = members(5, [1, -1, 1, -1, 1, 0]);
  const c = members(5, [1, -1, -1, 1, -1, 0]);
  (a[1] as Vote[])[3] = null;
  (b[2] as Vote[])[1] = null;
  (c[4] as Vote[])[0] = null;
  const result = findCommonGround([...a, ...b, ...c]);

  it('finds three groups, from the data alone', () => {
    expect(result.groups).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
    ]);
  });

  it('finds the shared statement as common ground and the rest as divisive', () => {
    expect(result.consensus).toEqual([0]);
    // In each of columns 1-4 the highest group is at 6/7 and the lowest at 1/7: a tie, kept in column
    // order. Column 5 is all passes.
    expect(result.divisive).toEqual([1, 2, 3, 4]);
  });
});

describe('findCommonGround on edge cases', () => {
  it('handles everyone passing on everything: one group, no common ground, nothing divisive', () => {
    const result = findCommonGround(members(10, [0, 0, 0, 0, 0]));
    expect(result.groups).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(result.consensus).toEqual([]);
    expect(result.divisive).toEqual([]);
    expect(result.statements.map((stats) => stats.pass)).toEqual([10, 10, 10, 10, 10]);
  });

  it('handles zero participants', () => {
    expect(findCommonGround([])).toEqual({
      groups: [],
      consensus: [],
      divisive: [],
      statements: [],
      groupInformedConsensus: [],
      divisiveness: [],
      representative: [],
      participantsClustered: 0,
      groupCountMemory: null,
    });
  });

  it('treats one voice as a group but not as common ground, unless asked to', () => {
    const alone: Vote[][] = [[1, 1, -1]];
    const result = findCommonGround(alone);
    expect(result.groups).toEqual([[0]]);
    expect(result.consensus).toEqual([]);
    expect(result.divisive).toEqual([]);
    expect(findCommonGround(alone, { minSeenPerGroup: 1 }).consensus).toEqual([0, 1]);
  });

  it('keeps everyone in one group when nobody differs', () => {
    const result = findCommonGround(members(8, [1, -1, 1]));
    expect(result.groups).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
    expect(result.consensus).toEqual([0, 2]);
  });

  it('refuses a cell that is not a vote, naming where it is', () => {
    const matrix = [[1, 0], [1, 2]] as unknown as Vote[][];
    expect(() => findCommonGround(matrix)).toThrow('row 1, column 1: 2 is not a vote (use 1, -1, 0 or null)');
  });
});

describe('findCommonGround with missing votes', () => {
  const groupA = members(6, [1, 1, -1, 1, -1, 1, 1, 1]);
  const groupB = members(6, [1, -1, 1, -1, 1, -1, 1, -1]);
  for (const row of groupB.slice(1)) row[6] = null; // only one member of B saw statement 6
  (groupA[2] as Vote[])[3] = null;
  (groupB[3] as Vote[])[2] = null;
  const latecomer: Vote[] = [1, null, null, null, null, null, null, null];
  // Pol.is groups everyone with min(7, statements) votes: here 7 of 8. Row 9 voted on 6 and the
  // latecomer on 1. In a room where fewer than 15 reach that, Pol.is also groups the most active of
  // the others, up to 15; `fillTo: 0` turns that off.
  const result = findCommonGround([...groupA, ...groupB, latecomer], { fillTo: 0 });

  it('leaves out of the groups a participant who voted on too few statements', () => {
    expect(result.groups).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 10, 11],
    ]);
    expect(result.participantsClustered).toBe(11);
  });

  it('groups them anyway in a room where fewer than 15 voted enough, as Pol.is does', () => {
    const small = findCommonGround([...groupA, ...groupB, latecomer]);
    expect(small.participantsClustered).toBe(13);
    expect(small.groups.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(small.groups.map((group) => group.filter((row) => row < 12 && row !== 9))).toEqual(result.groups);
  });

  it('still counts that participant in the overall statement counts', () => {
    expect(result.statements[0]).toMatchObject({ agree: 13, seen: 13 });
    expect(result.statements[0]?.groups.map((group) => group.seen)).toEqual([6, 5]);
  });

  it('does not call a statement common ground when too few of a group saw it', () => {
    expect(result.statements[6]?.groups[1]).toEqual({ agree: 1, disagree: 0, pass: 0, seen: 1 });
    expect(result.consensus).toEqual([0]);
    expect(findCommonGround([...groupA, ...groupB, latecomer], { minSeenPerGroup: 1, fillTo: 0 }).consensus).toEqual([0, 6]);
  });
});

describe('findCommonGround ranks common ground as Pol.is ranks its top statements', () => {
  // Columns 0-3 split the two groups. Column 4: A all agree, B all disagree. Column 5: A all agree,
  // B 4 of 6 agree. Column 6: A and B each 4 of 6 agree. Column 7: A 3 of 6, B 2 of 6 agree.
  const groupA = members(6, [1, -1, 1, -1, 1, 1, 1, 1]);
  const groupB = members(6, [-1, 1, -1, 1, -1, 1, 1, -1]);
  for (const row of [0, 1]) (groupA[row] as Vote[])[6] = -1;
  for (const row of [2, 3]) (groupB[row] as Vote[])[5] = -1;
  for (const row of [4, 5]) (groupB[row] as Vote[])[6] = -1;
  for (const row of [3, 4, 5]) (groupA[row] as Vote[])[7] = -1;
  for (const row of [0, 1]) (groupB[row] as Vote[])[7] = 1;
  const result = findCommonGround(interleave(groupA, groupB), { maxGroups: 2 });

  it('keeps out a statement one group rejects, however much the other agrees', () => {
    expect(result.groups).toEqual([
      [0, 2, 4, 6, 8, 10],
      [1, 3, 5, 7, 9, 11],
    ]);
    expect(result.consensus).not.toContain(4);
    expect(result.groupInformedConsensus[4]).toBeCloseTo((7 / 8) * (1 / 8), 12);
  });

  it('lists the rest by group-informed consensus, strongest first, while it beats a statement nobody voted on', () => {
    expect(result.groupInformedConsensus[5]).toBeCloseTo((7 / 8) * (5 / 8), 12);
    expect(result.groupInformedConsensus[6]).toBeCloseTo((5 / 8) * (5 / 8), 12);
    expect(result.consensus).toEqual([5, 6]);
    // Column 7: fewer than half agree in each group, below the (1/2)^2 of a statement nobody voted on.
    expect(result.groupInformedConsensus[7]).toBeLessThan(0.25);
  });
});

describe('findCommonGround with ties', () => {
  it('needs a strict majority: a group split half and half is not common ground', () => {
    const matrix: Vote[][] = [
      [1, 1, 1],
      [1, 1, 1],
      [1, -1, 1],
      [1, -1, 0],
    ];
    const result = findCommonGround(matrix);
    expect(result.groups).toEqual([[0, 1, 2, 3]]);
    expect(result.consensus).toEqual([0, 2]); // column 1 is 2 of 4, column 2 is 3 of 4
  });

  it('orders equally strong common ground by column, and stronger first', () => {
    const matrix: Vote[][] = members(6, [1, 1, 1, 1]);
    (matrix[0] as Vote[])[1] = -1;
    (matrix[1] as Vote[])[1] = -1;
    (matrix[0] as Vote[])[3] = 0;
    const result = findCommonGround(matrix);
    expect(result.consensus).toEqual([0, 2, 3, 1]);
  });
});

describe('findCommonGround on large seeded matrices', () => {
  /** Pairs (group, camp) agree: every group holds exactly one whole camp. */
  function matchesCamps(groups: number[][], camps: number[]): boolean {
    const planted = new Map<number, number[]>();
    camps.forEach((camp, participant) => planted.set(camp, [...(planted.get(camp) ?? []), participant]));
    const expected = [...planted.values()].sort((x, y) => (x[0] as number) - (y[0] as number));
    return JSON.stringify(groups) === JSON.stringify(expected);
  }

  it('recovers three planted camps among 1,000 participants and 200 statements', () => {
    const planted = plantedVotes({ participants: 1000, statements: 200, camps: 3, seed: 20240601 });
    const result = findCommonGround(planted.matrix);
    expect(result.groups).toHaveLength(3);
    expect(matchesCamps(result.groups, planted.camps)).toBe(true);
    expect(result.consensus).toContain(planted.sharedStatement);
    expect(result.divisive.length).toBeGreaterThan(50);
  });

  it('finds as many groups as were planted, and one when there are no camps', () => {
    const two = plantedVotes({ participants: 300, statements: 50, camps: 2, seed: 11 });
    expect(matchesCamps(findCommonGround(two.matrix).groups, two.camps)).toBe(true);
    const noCamps = plantedVotes({ participants: 300, statements: 50, camps: 1, seed: 11, noise: 1 });
    expect(findCommonGround(noCamps.matrix).groups).toHaveLength(1);
  });
});
