/**
 * Votes from a CSV file: one row per participant, one column per statement. A cell is 1 (agree),
 * -1 (disagree), 0 (pass) or empty (not seen); whitespace around a cell is ignored, and cells may
 * be quoted. The first row is a header of statement ids when any of its cells is not a vote;
 * without one, statements are known by their column number from 0. Blank lines are skipped. Every
 * row has as many cells as the header (or the first row). Rows and columns in error messages are
 * counted from 1 as in the file, header included, so they match what an editor or spreadsheet shows.
 */
import type { Vote } from './consensus';
import { checkWidth, readRecords, toVote, VotesFileError } from './csv-records';
import { inputExcerpt } from '../core/terminal-text';

export interface VotesTable {
  /** Statement id of each column: the header's cell, or the column number from 0. */
  statementIds: string[];
  /** Participant × statement votes. */
  matrix: Vote[][];
}

/** Parse a votes CSV; throws a VotesFileError naming the row and column of a problem. */
export function parseVotesTable(text: string): VotesTable {
  const records = readRecords(text);
  const first = records[0];
  if (first === undefined) {
    throw new VotesFileError('cli.votes.empty');
  }
  const hasHeader = first.cells.some((cell) => toVote(cell) === undefined);
  const width = first.cells.length;
  const statementIds = hasHeader ? first.cells.map((cell) => cell.trim()) : first.cells.map((_cell, j) => String(j));
  if (hasHeader) checkHeader(first.line, statementIds);
  const matrix = (hasHeader ? records.slice(1) : records).map((record) => {
    checkWidth(record, width);
    return record.cells.map((raw, index) => {
      const vote = toVote(raw);
      if (vote === undefined) {
        throw new VotesFileError('cli.votes.not_a_vote', { row: record.line, column: index + 1, value: inputExcerpt(raw.trim()) });
      }
      return vote;
    });
  });
  return { statementIds, matrix };
}

/** Parse a votes CSV into a participant × statement matrix. */
export function parseVotesCsv(text: string): Vote[][] {
  return parseVotesTable(text).matrix;
}

function checkHeader(line: number, ids: string[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, j) => {
    if (id === '') throw new VotesFileError('cli.votes.header_empty', { row: line, column: j + 1 });
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new VotesFileError('cli.votes.id_twice', { row: line, column: j + 1, id, earlier: earlier + 1 });
    seen.set(id, j);
  });
}
