/**
 * Pol.is exports, read and written as they are: `participants-votes.csv` has one row per
 * participant with the columns participant, group-id, n-comments, n-votes, n-agree, n-disagree
 * (newer exports put xid after participant), then one column per comment (statement) named by its comment id, holding 1 (agree), -1
 * (disagree), 0 (pass) or nothing. `group-id` is empty for a participant Pol.is did not group.
 * `comments.csv` (beside it in an export) says which comments were moderated out (`moderated` -1).
 */
import { inputExcerpt } from '../core/terminal-text';
import type { Vote } from './consensus';
import { checkWidth, csvCell, readRecords, toVote, VotesFileError } from './csv-records';

export const POLIS_PARTICIPANT_COLUMNS = ['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree'] as const;

export interface PolisVotes {
  participantIds: string[];
  /** Pol.is's group of each participant, or null when it did not group them. */
  polisGroups: (number | null)[];
  statementIds: string[];
  matrix: Vote[][];
}

/** Reads a Pol.is participants-votes.csv; throws a VotesFileError naming the row and column of a problem. */
export function parsePolisVotes(text: string): PolisVotes {
  const records = readRecords(text);
  const header = records[0];
  if (header === undefined) throw new VotesFileError('cli.votes.polis_empty', { columns: POLIS_PARTICIPANT_COLUMNS.join(',') });
  const names = header.cells.map((cell) => cell.trim());
  // Newer exports add an `xid` column (an id from the site that embedded the conversation) after `participant`.
  const expected = names[1] === 'xid' ? ['participant', 'xid', ...POLIS_PARTICIPANT_COLUMNS.slice(1)] : [...POLIS_PARTICIPANT_COLUMNS];
  expected.forEach((name, j) => {
    if (names[j] !== name) {
      const where = { row: header.line, column: j + 1, name, columns: POLIS_PARTICIPANT_COLUMNS.join(',') };
      throw names[j] === undefined ? new VotesFileError('cli.votes.polis_column_missing', where) : new VotesFileError('cli.votes.polis_column', { ...where, found: names[j] });
    }
  });
  const first = expected.length;
  const groupColumn = expected.indexOf('group-id');
  const statementIds = names.slice(first);
  statementIds.forEach((id, j) => {
    if (id === '') throw new VotesFileError('cli.votes.polis_comment_id', { row: header.line, column: first + j + 1 });
  });
  const result: PolisVotes = { participantIds: [], polisGroups: [], statementIds, matrix: [] };
  for (const record of records.slice(1)) {
    checkWidth(record, names.length);
    const group = (record.cells[groupColumn] as string).trim();
    if (group !== '' && !/^\d+$/.test(group)) throw new VotesFileError('cli.votes.polis_group', { row: record.line, column: groupColumn + 1, value: inputExcerpt(group) });
    result.participantIds.push((record.cells[0] as string).trim());
    result.polisGroups.push(group === '' ? null : Number(group));
    result.matrix.push(
      record.cells.slice(first).map((raw, j) => {
        const vote = toVote(raw);
        if (vote === undefined) throw new VotesFileError('cli.votes.polis_vote', { row: record.line, column: first + j + 1, comment: statementIds[j] ?? '', value: inputExcerpt(raw.trim()) });
        return vote;
      }),
    );
  }
  return result;
}

/** What a Pol.is comments.csv says about each comment: moderated out or not, and its text. */
export interface PolisComments {
  /** Comment ids moderated out (`moderated` is -1). */
  moderatedOut: Set<string>;
  /** Text of each comment, by id (`comment-body`), when the file has it. */
  texts: Map<string, string>;
}

/** Reads a Pol.is comments.csv. */
export function parsePolisComments(text: string): PolisComments {
  const records = readRecords(text);
  const header = records[0];
  if (header === undefined) throw new VotesFileError('cli.votes.comments_empty');
  const names = header.cells.map((cell) => cell.trim());
  const idColumn = names.indexOf('comment-id');
  const moderatedColumn = names.indexOf('moderated');
  const bodyColumn = names.indexOf('comment-body');
  if (idColumn < 0 || moderatedColumn < 0) {
    const missing = idColumn < 0 ? 'comment-id' : 'moderated';
    throw new VotesFileError('cli.votes.comments_column', { row: header.line, name: missing });
  }
  const result: PolisComments = { moderatedOut: new Set(), texts: new Map() };
  for (const record of records.slice(1)) {
    checkWidth(record, names.length);
    const id = (record.cells[idColumn] as string).trim();
    if ((record.cells[moderatedColumn] as string).trim() === '-1') result.moderatedOut.add(id);
    if (bodyColumn >= 0) result.texts.set(id, (record.cells[bodyColumn] as string).trim());
  }
  return result;
}

/** Comment ids moderated out in a Pol.is comments.csv (`moderated` is -1). */
export function parsePolisModeration(text: string): Set<string> {
  return parsePolisComments(text).moderatedOut;
}

export interface PolisExport {
  participantIds: string[];
  statementIds: string[];
  matrix: Vote[][];
  /** Group number of each participant, or null when ungrouped. */
  groupOf: (number | null)[];
  /** Statements each participant wrote, when known. */
  commentsBy?: number[];
}

/** Writes votes as a Pol.is participants-votes.csv. */
export function toPolisVotes(data: PolisExport): string {
  const lines = [[...POLIS_PARTICIPANT_COLUMNS, ...data.statementIds].map(csvCell).join(',')];
  data.matrix.forEach((row, i) => {
    const cells = data.statementIds.map((_id, j) => (row[j] === null || row[j] === undefined ? '' : String(row[j])));
    const votes = row.filter((v) => v !== null && v !== undefined);
    const group = data.groupOf[i];
    const fixed = [data.participantIds[i] ?? String(i), group === null || group === undefined ? '' : String(group), String(data.commentsBy?.[i] ?? 0), String(votes.length), String(votes.filter((v) => v === 1).length), String(votes.filter((v) => v === -1).length)];
    lines.push([...fixed.map(csvCell), ...cells].join(','));
  });
  return `${lines.join('\n')}\n`;
}
