import { z } from 'zod';
import type { Run } from '../flows/run';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
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

const KIND = 'feedback';
/** Lists look back over this many reports at most. */
const LOOK_BACK = 500;

/** Takes the next reference (FB-0001, FB-0002...) and remembers which run it belongs to. */
export async function allocateRef(state: StateStore): Promise<string> {
  return formatRef('FB', await state.next(KIND));
}

export async function rememberRun(state: StateStore, ref: string, runId: string): Promise<void> {
  await state.set(keys.record(KIND, ref), runId);
}

export async function runOfRef(state: StateStore, ref: string): Promise<Run | undefined> {
  const runId = await state.get(keys.record(KIND, ref.toUpperCase()), z.string());
  return runId ? state.getRun(runId) : undefined;
}

/** Every filed report, newest first (intakes never finished are left out). */
export async function filedReports(state: StateStore): Promise<ReportEntry[]> {
  const count = z.number().int().catch(0).parse(await state.keyv.get(keys.counter(KIND)));
  const entries: ReportEntry[] = [];
  for (let n = count; n >= 1 && n > count - LOOK_BACK; n -= 1) {
    const ref = formatRef('FB', n);
    const run = await runOfRef(state, ref).catch(() => undefined);
    const status = run ? statusOf(run) : null;
    if (!run || status === null) continue;
    const summary = excerpt(redactPersonalData(reportText(run).what).text);
    entries.push({ ref, run, status, category: str(run.vars.category), filedAt: num(run.vars.filedAt), meToo: strings(run.vars.meToo).length, summary });
  }
  return entries;
}
