/**
 * `commonground consensus`: reads a votes CSV (`--file`) or a Pol.is participants-votes.csv
 * (`--polis`, with the comments.csv beside it for moderation), prints the JSON report, and can write
 * the votes with our groups as a Pol.is participants-votes.csv (`--export-polis`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeOutputFile } from '../output-file';
import { findCommonGround } from './consensus';
import { consensusReport, type ReportInput } from './consensus-report';
import { checkFileSize, VotesFileError } from './csv-records';
import { parsePolisComments, parsePolisVotes, toPolisVotes, type PolisComments } from './polis-csv';
import { parseVotesTable } from './votes-csv';

export interface ConsensusCommand {
  file?: string;
  polis?: string;
  comments?: string;
  all?: boolean;
  exportPolis?: string;
}

/** Reads a file for the consensus command, refusing an oversized one before reading it. */
function readVotesFile(path: string): string {
  checkFileSize(statSync(path).size);
  return readFileSync(path, 'utf8');
}

/** Runs a parser, naming the file in any error it raises. */
function inFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof VotesFileError) throw error.inFile(basename(path));
    throw error;
  }
}

/** The input of the report and the moderated-out columns, from the files named. */
export function loadVotes(command: ConsensusCommand): { input: ReportInput; moderatedOut: number[] } {
  if (command.polis === undefined) {
    const path = command.file as string;
    const table = inFile(path, () => parseVotesTable(readVotesFile(path)));
    if (table.matrix.length === 0) throw new VotesFileError('cli.votes.no_votes', {}, basename(path));
    return { input: table, moderatedOut: [] };
  }
  const path = command.polis;
  const polis = inFile(path, () => parsePolisVotes(readVotesFile(path)));
  const commentsPath = command.comments ?? join(dirname(path), 'comments.csv');
  const hasComments = command.comments !== undefined || existsSync(commentsPath);
  const comments: PolisComments = hasComments ? inFile(commentsPath, () => parsePolisComments(readVotesFile(commentsPath))) : { moderatedOut: new Set(), texts: new Map() };
  const moderatedOut = polis.statementIds.flatMap((id, column) => (comments.moderatedOut.has(id) ? [column] : []));
  const statementTexts = comments.texts.size > 0 ? polis.statementIds.map((id) => comments.texts.get(id) ?? '') : undefined;
  return { input: { ...polis, ...(statementTexts ? { statementTexts } : {}) }, moderatedOut };
}

/** The participants Pol.is grouped: they stay grouped, as in Pol.is, which never lets anyone out once in. */
function polisInConversation(input: ReportInput): number[] | undefined {
  const groups = input.polisGroups;
  if (!groups?.some((g) => g !== null)) return undefined;
  return groups.flatMap((g, row) => (g === null ? [] : [row]));
}

/** The report's text; writes the Pol.is export too when asked. */
export function runConsensus(command: ConsensusCommand): string {
  const { input, moderatedOut } = loadVotes(command);
  const inConversation = polisInConversation(input);
  const options = { moderatedOut, ...(inConversation ? { inConversation } : {}) };
  if (command.exportPolis !== undefined) {
    const { groups } = findCommonGround(input.matrix, options);
    const groupOf: (number | null)[] = input.matrix.map(() => null);
    groups.forEach((members, g) => members.forEach((row) => (groupOf[row] = g)));
    const participantIds = input.participantIds ?? input.matrix.map((_row, i) => String(i));
    writeOutputFile('--export-polis', command.exportPolis, toPolisVotes({ participantIds, statementIds: input.statementIds, matrix: input.matrix, groupOf }));
  }
  return consensusReport(input, { ...options, all: command.all === true });
}
