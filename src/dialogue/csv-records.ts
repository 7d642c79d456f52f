/**
 * CSV records for vote files: commas separate cells, double quotes enclose cells ("" is a quote
 * inside), blank lines are skipped. Every problem is a `VotesFileError` whose message is one line
 * naming the row (and column when there is one), counted from 1 as an editor or spreadsheet shows.
 */
import { OperatorError, type OperatorWords } from '../operator-error';
import { operatorWords } from '../operator-language';
import type { Vote } from './consensus';

export interface CsvRecord {
  /** File line on which the record starts, from 1. */
  line: number;
  cells: string[];
}

/**
 * A problem in a votes file, in words the person who made the file can act on: a sentence of
 * `cli.yaml` with its values. Its message is in English; the command line says it in the
 * operator's language.
 */
export class VotesFileError extends OperatorError {
  override readonly name = 'VotesFileError';

  constructor(
    key: string,
    vars: Record<string, string | number> = {},
    /** The file's name, when the problem is known to be in one. */
    readonly file?: string,
  ) {
    super(key, vars);
    this.message = this.describe(operatorWords('en'));
  }

  override describe(words: OperatorWords): string {
    const problem = words(this.key, this.vars);
    return this.file === undefined ? problem : words('cli.votes.in_file', { file: this.file, problem });
  }

  /** The same problem, said to be in this file. */
  inFile(file: string): VotesFileError {
    return new VotesFileError(this.key, this.vars, file);
  }
}

/** The largest votes file read: a Pol.is export of a very large conversation stays well below it. */
export const MAX_VOTES_FILE_BYTES = 64 * 1024 * 1024;

/** Refuses a file too large to read, naming its size. */
export function checkFileSize(bytes: number): void {
  if (bytes > MAX_VOTES_FILE_BYTES) {
    const size = (bytes / 1024 / 1024).toFixed(0);
    throw new VotesFileError('cli.votes.too_big', { size, limit: MAX_VOTES_FILE_BYTES / 1024 / 1024 });
  }
}

/** A vote cell: 1, -1, 0 or empty; undefined when the cell is not a vote. */
export function toVote(cell: string): Vote | undefined {
  switch (cell.trim()) {
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

/** The most characters a cell may hold: a statement's text in a Pol.is export is far shorter. */
export const MAX_CELL_CHARS = 10_000;

/** The records of the text, without blank lines; a cell longer than MAX_CELL_CHARS stops the reading. */
export function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const finish = () => {
    const record = [...cells, cell];
    if (record.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells: record });
    cells = [];
    cell = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (cell.length > MAX_CELL_CHARS) throw new VotesFileError('cli.votes.cell_too_long', { row: recordLine, column: cells.length + 1, limit: MAX_CELL_CHARS.toLocaleString('en') });
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
      finish();
      line += 1;
      recordLine = line;
    } else if (char !== '\r') {
      cell += char;
    }
  }
  if (quoted) throw new VotesFileError('cli.votes.quote_open', { row: recordLine });
  finish();
  return records;
}

/** Refuses a row with more or fewer cells than the header. */
export function checkWidth(record: CsvRecord, width: number): void {
  const count = record.cells.length;
  if (count < width) {
    throw new VotesFileError('cli.votes.row_short', { row: record.line, column: count + 1, count, width });
  }
  if (count > width) {
    throw new VotesFileError('cli.votes.row_long', { row: record.line, column: width + 1, count, width });
  }
}

/** Quotes a cell when it needs it. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
