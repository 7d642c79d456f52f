import { describe, expect, it } from 'vitest';
import { consensusReport, parseVotesCsv } from '../../src/dialogue/votes-csv';

describe('parseVotesCsv', () => {
  it('reads votes, with empty cells as not seen and whitespace ignored', () => {
    expect(parseVotesCsv('1, -1,0\n ,1 ,\n')).toEqual([
      [1, -1, 0],
      [null, 1, null],
    ]);
  });

  it('skips a header row of statement names, quoted or not', () => {
    const text = 'Parking,"Trees, more of them","Say ""hello"""\n1,1,-1\r\n-1,,0\r\n';
    expect(parseVotesCsv(text)).toEqual([
      [1, 1, -1],
      [-1, null, 0],
    ]);
  });

  it('skips blank lines, and refuses a row with more or fewer cells than the first, naming it', () => {
    expect(parseVotesCsv('a,b,c\n\n1,,\n\n-1,1,\n')).toEqual([
      [1, null, null],
      [-1, 1, null],
    ]);
    expect(() => parseVotesCsv('a,b,c\n\n1\n\n-1,1\n')).toThrow('row 3 has 1 cells where the first row has 3: every row needs one cell per statement');
    expect(() => parseVotesCsv('1,1\n1,1,1\n')).toThrow('row 2 has 3 cells where the first row has 2');
  });

  it('reads an empty file as no participants', () => {
    expect(parseVotesCsv('')).toEqual([]);
    expect(parseVotesCsv('\n\n')).toEqual([]);
    expect(parseVotesCsv('s1,s2\n')).toEqual([]);
  });

  it('names the row and column of a bad cell, counted as in the file', () => {
    expect(() => parseVotesCsv('s1,s2\n1,1\n1,x\n')).toThrow(
      'row 3, column 2: "x" is not a vote (use 1, -1, 0 or leave it empty)',
    );
    expect(() => parseVotesCsv('1,0\n2,1\n')).toThrow('row 2, column 1: "2" is not a vote');
    expect(() => parseVotesCsv('s1\n\n1.0\n')).toThrow('row 3, column 1: "1.0" is not a vote');
  });

  it('says when a quoted cell is not closed', () => {
    expect(() => parseVotesCsv('s1,"s2\n1,1\n')).toThrow('row 1: a quoted cell is not closed');
  });
});

describe('consensusReport', () => {
  const rows = [
    ...Array.from({ length: 5 }, () => '1,1,-1,0'),
    ...Array.from({ length: 5 }, () => '1,-1,1,0'),
  ];
  const text = `Library hours,Bike lanes,Night market,Bins\n${rows.join('\n')}\n`;

  it('reports the groups, the common ground and the divisive statements as JSON', () => {
    expect(JSON.parse(consensusReport(text))).toEqual({
      groups: [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ],
      consensus: [0],
      divisive: [1, 2],
    });
  });

  it('is readable: one group per line', () => {
    expect(consensusReport(text)).toBe(
      '{\n  "groups": [\n    [0, 1, 2, 3, 4],\n    [5, 6, 7, 8, 9]\n  ],\n  "consensus": [0],\n  "divisive": [1, 2]\n}',
    );
  });

  it('refuses a file with no votes: empty, or a header alone', () => {
    expect(() => consensusReport('')).toThrow('the file has no votes: it is empty');
    expect(() => consensusReport('s1,s2\n')).toThrow('the file has no votes: only a header row');
  });

  it('passes on the parser error for a bad file', () => {
    expect(() => consensusReport('1,0\n1,yes\n')).toThrow('row 2, column 2: "yes" is not a vote');
  });
});
