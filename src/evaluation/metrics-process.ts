import { DateTime } from 'luxon';
import type { Project } from '../config/schema';
import { defineMetric, rate, type Metric } from './metrics-define';
import { rowsIn, total, type TallyRow } from './metrics-tally';

export const PROCESS_ENTRIES = {
  stage_started: { types: ['project.stage_started'], label: 'stage' },
  stage_finished: { types: ['project.stage_finished'], label: 'stage' },
  dialogue_opened: { types: ['dialogue.opened'], key: ['dialogue'] },
  dialogue_closed: { types: ['dialogue.closed'], key: ['dialogue'] },
  mediation_opened: { types: ['mediation.opened'], key: ['mediation'] },
  mediation_agreed: { types: ['mediation.agreement'], key: ['mediation'] },
};
const E = PROCESS_ENTRIES;

/** A planned date counts until the end of that day, in the community's time zone (UTC by default). */
export const dueBy = (isoDate: string, timeZone = 'UTC') => DateTime.fromISO(isoDate, { zone: timeZone }).plus({ days: 1 }).toMillis();

export interface StageTimeline {
  stage: string;
  plannedStart: string;
  plannedEnd: string;
  /** Epoch ms of the first `project.stage_started` / `_finished` for the stage, or null. */
  started: number | null;
  finished: number | null;
  /** null while neither happened nor due yet. */
  startedOnTime: boolean | null;
  finishedOnTime: boolean | null;
}

function firstAt(rows: TallyRow[], stage: string): number | null {
  const own = rows.filter((row) => row.label === stage);
  return own.length > 0 ? Math.min(...own.map((row) => row.first)) : null;
}

function onTime(actual: number | null, due: number, now: number): boolean | null {
  if (actual !== null) return actual < due;
  return now >= due ? false : null;
}

/** Each stage's planned dates against when it really started and finished. */
export function stageTimeline(rows: TallyRow[], project: Project, now: number, timeZone = 'UTC'): StageTimeline[] {
  const started = rows.filter((row) => row.entry === 'stage_started');
  const finished = rows.filter((row) => row.entry === 'stage_finished');
  return project.stages.map((stage) => {
    const start = firstAt(started, stage.id);
    const finish = firstAt(finished, stage.id);
    return {
      stage: stage.id,
      plannedStart: stage.start,
      plannedEnd: stage.end,
      started: start,
      finished: finish,
      startedOnTime: onTime(start, dueBy(stage.start, timeZone), now),
      finishedOnTime: onTime(finish, dueBy(stage.end, timeZone), now),
    };
  });
}

export const PROCESS_METRICS: Metric[] = [
  defineMetric({
    id: 'stage_on_time_rate',
    mechanism: 'problem_solving',
    axis: 'process',
    description: 'Share of stage starts and finishes that happened by their planned date (counted once due or done).',
    spec: { stage_started: E.stage_started, stage_finished: E.stage_finished },
    stageFrom: 'data',
    fromTally: (rows, ctx) => {
      const timeline = stageTimeline(rows, ctx.project, ctx.now, ctx.community.timeZone).filter((t) => ctx.stage === undefined || t.stage === ctx.stage);
      const checks = timeline.flatMap((t) => [t.startedOnTime, t.finishedOnTime]).filter((c): c is boolean => c !== null);
      return { value: rate(checks.filter(Boolean).length, checks.length), n: checks.length };
    },
  }),
  defineMetric({
    id: 'flow_stages_completed',
    mechanism: 'problem_solving',
    axis: 'process',
    description: 'Share of opened dialogues and mediations that reached their last stage (dialogue closed, mediation agreement).',
    spec: {
      dialogue_opened: E.dialogue_opened,
      dialogue_closed: E.dialogue_closed,
      mediation_opened: E.mediation_opened,
      mediation_agreed: E.mediation_agreed,
    },
    fromTally: (rows, cell) => {
      const sum = (entry: keyof typeof E) => total(rowsIn(rows, entry, cell), (row) => row.distinct);
      const n = sum('dialogue_opened') + sum('mediation_opened');
      return { value: rate(sum('dialogue_closed') + sum('mediation_agreed'), n), n };
    },
  }),
];
