import type { CommandContext } from '../core/commands';
import type { Run } from '../flows/run';
import { redactPersonalData } from '../summaries/redact';
import { excerpt, formatRef, num, reportText, statusOf, str, strings, type ReportStatus } from './report';

/** A filed report as lists show it: never the reporter. */
export interface ReportEntry {
  ref: string;
  run: Run;
  status: ReportStatus;
  category: string;
  filedAt: number;
  meToo: number;
  /** A short excerpt with personal data taken out. */
  summary: string;
}

const FLOW = 'feedback';
/** Lists look back over this many reports at most. */
const LOOK_BACK = 500;

/** Takes the next reference (FB-0001, FB-0002...); the core indexes it with the run. */
export async function allocateRef(ctx: Pick<CommandContext, 'next'>): Promise<string> {
  return formatRef('FB', await ctx.next(FLOW));
}

function entryOf(run: Run): ReportEntry | null {
  const status = statusOf(run);
  if (run.flowId !== FLOW || status === null) return null;
  const summary = excerpt(redactPersonalData(reportText(run).what).text);
  return { ref: str(run.vars.ref), run, status, category: str(run.vars.category), filedAt: num(run.vars.filedAt), meToo: strings(run.vars.meToo).length, summary };
}

const entries = (runs: Run[]) => runs.map(entryOf).filter((e): e is ReportEntry => e !== null);

/** Filed reports, newest first, read from the script's list of reports (intakes under way are not in it; one that ended unfiled is, and is left out here). */
export async function filedReports(ctx: Pick<CommandContext, 'runsOfFlow'>): Promise<ReportEntry[]> {
  return entries(await ctx.runsOfFlow(FLOW, { limit: LOOK_BACK }));
}

/**
 * The newest filed reports `where` accepts, at most `limit`, among the last `LOOK_BACK` reports:
 * reading stops once they are found, so a new report in a community with hundreds does not read
 * them all.
 */
export async function filedReportsWhere(ctx: Pick<CommandContext, 'runsOfFlow'>, limit: number, where: (entry: ReportEntry) => boolean): Promise<ReportEntry[]> {
  const accepted = (run: Run) => {
    const entry = entryOf(run);
    return entry !== null && where(entry);
  };
  return entries(await ctx.runsOfFlow(FLOW, { limit, where: accepted, lookBack: LOOK_BACK }));
}

/** The caller's own filed reports, newest first, read from the core's index of each person's runs. */
export async function myReports(ctx: Pick<CommandContext, 'runsOf' | 'event'>): Promise<ReportEntry[]> {
  return entries(await ctx.runsOf()).filter((e) => e.run.participants.some((p) => p.role === 'reporter' && p.userId === ctx.event.user.id));
}
