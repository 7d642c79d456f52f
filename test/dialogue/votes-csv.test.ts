import { describe, expect, it } from 'vitest';
import { checkFileSize } from '../../src/dialogue/csv-records';
import { parseVotesCsv, parseVotesTable } from '../../src/dialogue/votes-csv';

describe('parseVotesCsv', () => {
  it('reads votes, with empty cells as not seen and whitespace ignored', () => {
    expect(parseVotesCsv('1, -1,0\n ,1 ,\n')).toEqual([
      [1, -1, 0],
      [null, 1, null],
    ]);
  });

  it('takes statement ids from a header row, quoted or not', () => {
    const text = 'Parking,"Trees, more of them","Say ""hello"""\n1,1,-1\r\n-1,,0\r\n';
    expect(parseVotesTable(text)).toEqual({
      statementIds: ['Parking', 'Trees, more of them', 'Say "hello"'],
      matrix: [
        [1, 1, -1],
        [-1, null, 0],
      ],
    });
  });

  it('numbers the statements from 0 when there is no header, and skips blank lines', () => {
    expect(parseVotesTable('1,0\n\n-1,\n')).toEqual({ statementIds: ['0', '1'], matrix: [[1, 0], [-1, null]] });
  });

  it('reads a header alone as no participants', () => {
    expect(parseVotesCsv('s1,s2\n')).toEqual([]);
  });

  it('says what to put in an empty file', () => {
    expect(() => parseVotesCsv('')).toThrow('the file is empty: put one row per participant and one column per statement');
    expect(() => parseVotesCsv('\n\n')).toThrow('the file is empty');
  });

  it('names the row and column of a bad cell, counted as in the file', () => {
    expect(() => parseVotesCsv('s1,s2\n1,1\n1,x\n')).toThrow('row 3, column 2: "x" is not a vote (use 1, -1, 0 or leave it empty)');
    expect(() => parseVotesCsv('1,0\n2,1\n')).toThrow('row 2, column 1: "2" is not a vote');
    expect(() => parseVotesCsv('s1\n\n1.0\n')).toThrow('row 3, column 1: "1.0" is not a vote');
  });

  it('names the row and column of a ragged row', () => {
    expect(() => parseVotesCsv('a,b,c\n1,0,1\n1,0\n')).toThrow('row 3, column 3: the row ends after 2 cells but the header has 3');
    expect(() => parseVotesCsv('a,b\n1,0,1\n')).toThrow('row 2, column 3: the row has 3 cells but the header has only 2');
  });

  it('refuses a header with an empty or repeated statement id', () => {
    expect(() => parseVotesCsv('a,,c\n1,0,1\n')).toThrow('row 1, column 2: the header cell is empty');
    expect(() => parseVotesCsv('a,b,a\n1,0,1\n')).toThrow('row 1, column 3: the statement id "a" is also in column 1');
  });

  it('says when a quoted cell is not closed', () => {
    expect(() => parseVotesCsv('s1,"s2\n1,1\n')).toThrow('row 1: a quoted cell is not closed');
  });

  it('refuses a file too large to read, before reading it', () => {
    expect(() => checkFileSize(100 * 1024 * 1024)).toThrow('the file is 100 MB, more than the 64 MB that can be read');
    expect(() => checkFileSize(1024)).not.toThrow();
  });
});
