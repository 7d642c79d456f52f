/**
 * Votes from a CSV file: one row per participant, one column per statement. A cell is 1 (agree),
 * -1 (disagree), 0 (pass) or empty (not seen); whitespace around a cell is ignored, and cells may
 * be quoted. Every row has one cell per statement. The first row is a header (statement names, skipped) when any of its cells is not a
 * vote. Blank lines are skipped. Rows and columns in error messages are counted from 1 as in the
 * file, header included, so they match what an editor or spreadsheet shows.
 */
import { findCommonGround } from './consensus';
import type { CommonGroundOptions, Vote } from './consensus';

interface CsvRecord {
  /** File line on which the record starts, from 1. */
  line: number;
  cells: string[];
}

/** Parse a votes CSV into a participant × statement matrix; throws an Error naming the row and column of a bad cell. */
export function parseVotesCsv(text: string): Vote[][] {
  const records = readRecords(text).filter((record) => record.cells.some((cell) => cell.trim() !== ''));
  const first = records[0];
  const hasHeader = first !== undefined && first.cells.some((cell) => toVote(cell.trim()) === undefined);
  const data = hasHeader ? records.slice(1) : records;
  const width = first?.cells.length ?? 0;
  const ragged = records.find((record) => record.cells.length !== width);
  if (ragged) {
    throw new Error(`row ${ragged.line} has ${ragged.cells.length} cells where the first row has ${width}: every row needs one cell per statement (leave a cell empty for "not seen")`);
  }
  return data.map((record) => {
    const row: Vote[] = new Array<Vote>(width).fill(null);
    record.cells.forEach((raw, index) => {
      const cell = raw.trim();
      const vote = toVote(cell);
      if (vote === undefined) {
        throw new Error(`row ${record.line}, column ${index + 1}: "${cell}" is not a vote (use 1, -1, 0 or leave it empty)`);
      }
      row[index] = vote;
    });
    return row;
  });
}

/**
 * The consensus report for `commonground consensus --file votes.csv`: pretty JSON with the opinion
 * groups, the common-ground statements and the divisive statements. Participants are numbered by
 * data row and statements by column, both from 0 (the header and blank lines are not counted).
 */
export function consensusReport(text: string, options: CommonGroundOptions = {}): string {
  const votes = parseVotesCsv(text);
  if (votes.length === 0) {
    const empty = text.trim() === '';
    throw new Error(empty ? 'the file has no votes: it is empty' : 'the file has no votes: only a header row, with no participant rows under it');
  }
  const { groups, consensus, divisive } = findCommonGround(votes, options);
  const groupLines = groups.map((members) => `    ${numberList(members)}`);
  const groupsJson = groups.length === 0 ? '[]' : `[\n${groupLines.join(',\n')}\n  ]`;
  return `{\n  "groups": ${groupsJson},\n  "consensus": ${numberList(consensus)},\n  "divisive": ${numberList(divisive)}\n}`;
}

/** A JSON array of numbers on one line. */
function numberList(values: number[]): string {
  return `[${values.join(', ')}]`;
}

function toVote(cell: string): Vote | undefined {
  switch (cell) {
    case '':
      return null;
    case '1':
      return 1;
    case '-1':
      return -1;
    case '0':
      return 0;
    default:
      return undefined;
  }
}

/** Split CSV text into records: commas separate cells, double quotes enclose cells ("" is a quote inside). */
function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n') {
      records.push({ line: recordLine, cells: [...cells, cell] });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else if (char !== '\r') {
      cell += char;
    }
  }
  if (quoted) throw new Error(`row ${recordLine}: a quoted cell is not closed (a " is missing)`);
  records.push({ line: recordLine, cells: [...cells, cell] });
  return records;
}
