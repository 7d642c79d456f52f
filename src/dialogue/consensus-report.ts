/**
 * The JSON report of `commonground consensus`: the opinion groups, the common ground and the
 * divisive statements, with statement ids from the file beside the column numbers. The keys
 * `groups`, `consensus` and `divisive` keep their first meaning (0-based rows and columns, best
 * first, complete); the other keys are for people reading the report. docs/consensus.md lists them.
 */
import { findCommonGround, type CommonGroundOptions, type Vote } from './consensus';
import { adjustedRandIndex } from './rand-index';

export interface ReportInput {
  statementIds: string[];
  matrix: Vote[][];
  /** Pol.is's group of each participant, when the votes come from a Pol.is export. */
  polisGroups?: (number | null)[];
  participantIds?: string[];
  /** The text of each statement, when known (a Pol.is comments.csv). */
  statementTexts?: string[];
}

export interface ReportOptions extends CommonGroundOptions {
  /** List every common-ground and divisive statement, not only the first ten. */
  all?: boolean;
}

/** Statements listed with their scores unless `all` is asked for. */
export const LISTED = 10;

const round = (value: number) => Math.round(value * 10000) / 10000;

/** The report as an object, before printing. */
export function buildReport(input: ReportInput, options: ReportOptions = {}): Record<string, unknown> {
  const result = findCommonGround(input.matrix, options);
  const id = (column: number) => input.statementIds[column] ?? String(column);
  const text = (column: number) => (input.statementTexts?.[column] ? { text: input.statementTexts[column] } : {});
  const limit = (columns: number[]) => (options.all ? columns : columns.slice(0, LISTED));
  const report: Record<string, unknown> = {
    groups: result.groups,
    consensus: result.consensus,
    divisive: result.divisive,
    statementIds: input.statementIds,
    participants: { total: input.matrix.length, grouped: result.participantsClustered },
    opinionGroups: result.groups.map((members, g) => ({
      group: g + 1,
      size: members.length,
      representative: (result.representative[g] ?? []).map((r) => ({
        statement: id(r.statement),
        column: r.statement,
        ...text(r.statement),
        repfulFor: r.repfulFor,
        share: round(r.pSuccess),
        votes: `${r.nSuccess} of ${r.nTrials}`,
        repness: round(r.repness),
      })),
    })),
    commonGround: limit(result.consensus).map((column) => {
      const s = result.statements[column];
      return { statement: id(column), column, ...text(column), score: round(result.groupInformedConsensus[column] ?? 0), agree: s?.agree ?? 0, disagree: s?.disagree ?? 0, pass: s?.pass ?? 0 };
    }),
    commonGroundTotal: result.consensus.length,
    divisiveStatements: limit(result.divisive).map((column) => ({
      statement: id(column),
      column,
      ...text(column),
      score: round(result.divisiveness[column] ?? 0),
      agreeByGroup: (result.statements[column]?.groups ?? []).map((g) => `${g.agree} of ${g.seen}`),
    })),
    divisiveTotal: result.divisive.length,
  };
  if (input.participantIds) report.participantIds = input.participantIds;
  if (input.polisGroups?.some((g) => g !== null)) report.polis = comparison(result.groups, input.polisGroups);
  return report;
}

/** How our groups compare with Pol.is's, over the participants both placed in a group. */
function comparison(groups: number[][], polisGroups: (number | null)[]): Record<string, number> {
  const ours = new Map<number, number>();
  groups.forEach((members, g) => members.forEach((row) => ours.set(row, g)));
  const both = polisGroups.flatMap((g, row) => (g !== null && ours.has(row) ? [row] : []));
  const ari = adjustedRandIndex(
    both.map((row) => polisGroups[row] as number),
    both.map((row) => ours.get(row) as number),
  );
  return { groups: new Set(polisGroups.filter((g) => g !== null)).size, grouped: polisGroups.filter((g) => g !== null).length, compared: both.length, adjustedRandIndex: round(ari) };
}

/** The report as readable JSON: lists of values, statements and short objects each on one line. */
export function consensusReport(input: ReportInput, options: ReportOptions = {}): string {
  return readableJson(buildReport(input, options), '');
}

const LINE = 130;

function readableJson(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const nested = Array.isArray(value) && value.some((v) => Array.isArray(v));
  const primitives = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  const line = inline(value);
  const flatRecord = !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object')));
  if (primitives || flatRecord || (!nested && line.length + indent.length <= LINE)) return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + readableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${readableJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** JSON on one line, with a space after each comma and colon. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, v]) => `${JSON.stringify(key)}: ${inline(v)}`).join(', ')}}`;
}
