import { parseDay } from '../core/dates';
import type { Community, Indicator, LocalText, Mechanism, Project } from '../config/schema';
import type { Outcome, OutcomeStore } from './outcome';
import { checkIndicators, METRICS, metricById, specFor, type Axis, type Metric, type MetricContext } from './metrics';
import { canTally, tallyOutcomes, type Cell, type TallyRow } from './metrics-tally';
import { partyStanding } from './metrics-feedback';
import { stageTimeline, type StageTimeline } from './metrics-process';

export interface ReportRow {
  indicator: string;
  name: LocalText | null;
  metric: string;
  axis: Axis;
  mechanism: Mechanism;
  scope: Indicator['scope'];
  stage?: string;
  party?: string;
  target: number;
  direction: Indicator['direction'];
  /** null when there is no data or fewer than `minimumData` events. */
  actual: number | null;
  n: number;
  minimumData: number;
  met: boolean | null;
  /** Change since the previous stage, null when either stage lacks enough data. */
  trend: number | null;
  evidence: string[];
}

export interface PartyResponsibility {
  party: string;
  name: LocalText;
  filed: number;
  acknowledged: number;
  acknowledgedInTimeRate: number | null;
  medianHoursToAcknowledge: number | null;
  resolved: number;
  resolvedInTimeRate: number | null;
}

export interface EvaluationReport {
  community: LocalText;
  project: { id: string; name: LocalText };
  stages: { id: string; name: LocalText }[];
  /** The stage and party asked for, if any. */
  stage: string | null;
  party: string | null;
  now: number;
  /** The community's time zone: the report's times are shown in it, named. */
  timeZone?: string;
  rows: ReportRow[];
  timeline: StageTimeline[];
  parties: PartyResponsibility[];
  /** Type and time of every outcome named as evidence. */
  outcomes: Record<string, { type: string; at: number }>;
  /** False when the report was built from SQL tallies without listing outcomes. */
  evidenceListed: boolean;
  /** True when nothing at all was recorded for the project (or for the stage asked for). */
  empty: boolean;
}

export interface ReportOptions {
  project: string;
  stage?: string;
  party?: string;
  now: number;
  /** List the outcomes behind each figure (default true). Without it, large logs are tallied in SQL. */
  evidence?: boolean;
}

/** The stage running at `now` by plan (the last one planned to have started, in the community's time zone), if any. */
export function currentStage(project: Project, now: number, timeZone = 'UTC'): string | undefined {
  return project.stages.filter((stage) => (parseDay(stage.start, timeZone) ?? Number.POSITIVE_INFINITY) <= now).at(-1)?.id;
}

function previousStage(project: Project, stage: string | undefined): string | undefined {
  const index = project.stages.findIndex((s) => s.id === stage);
  return index > 0 ? project.stages[index - 1]?.id : undefined;
}

async function gather(store: OutcomeStore, project: string, metrics: Metric[], listEvidence: boolean) {
  const spec = specFor(metrics);
  if (!listEvidence && canTally(store)) return { rows: await store.tally({ project }, spec), outcomes: [] as Outcome[] };
  const types = [...new Set(Object.values(spec).flatMap((entry) => entry.types))];
  const outcomes = await store.query({ project, types });
  return { rows: tallyOutcomes(outcomes, spec), outcomes: listEvidence ? outcomes : [] };
}

export async function buildReport(store: OutcomeStore, community: Community, options: ReportOptions): Promise<EvaluationReport> {
  const project = community.projects.find((p) => p.id === options.project);
  if (!project) throw new Error(`There is no project "${options.project}" in the community configuration.`);
  if (options.party !== undefined && !community.parties.some((p) => p.id === options.party)) {
    throw new Error(`There is no responsible party "${options.party}" in the community configuration; the parties are ${community.parties.map((p) => p.id).join(', ') || '(none)'}.`);
  }
  if (options.stage !== undefined && !project.stages.some((s) => s.id === options.stage))
    throw new Error(`Project "${project.id}" has no stage "${options.stage}".`);
  const problems = checkIndicators(community).filter((p) => p.startsWith(`projects[${community.projects.indexOf(project)}]`));
  if (problems.length > 0) throw new Error(`The indicators need fixing:\n${problems.join('\n')}`);

  const listEvidence = options.evidence ?? true;
  const { rows: tally, outcomes } = await gather(store, project.id, Object.values(METRICS), listEvidence);
  const base: MetricContext = { community, project, now: options.now };
  const measure = (metric: Metric, cell: Cell, minimum: number) => {
    const { value, n } = metric.fromTally(tally, { ...base, ...cell });
    return { value: n >= minimum ? value : null, n };
  };
  const evidenceOf = (metric: Metric, cell: Cell) =>
    outcomes.filter((o) => metric.isEvidence(o, { ...base, ...cell })).map((o) => o.id);

  const current = options.stage ?? currentStage(project, options.now, community.timeZone);
  // A report for one stage counts only that stage's outcomes, in every row and in the party table.
  const within: Cell = options.stage !== undefined ? { stage: options.stage } : {};
  const parties = project.charter.map((c) => c.party).filter((p) => options.party === undefined || p === options.party);
  const rows: ReportRow[] = [];
  for (const indicator of project.indicators) {
    const metric = metricById(indicator.metric) as Metric;
    if (options.party !== undefined && indicator.scope !== 'party') continue;
    const cells: Cell[] =
      indicator.scope === 'project'
        ? [{ ...within }]
        : indicator.scope === 'stage'
          ? project.stages.filter((s) => options.stage === undefined || s.id === options.stage).map((s) => ({ stage: s.id }))
          : parties.map((party) => ({ ...within, party }));
    for (const cell of cells) {
      const { value: actual, n } = measure(metric, cell, indicator.minimumData);
      const trendStage = cell.stage ?? current;
      const before = previousStage(project, trendStage);
      const now = trendStage && before ? measure(metric, { ...cell, stage: trendStage }, indicator.minimumData).value : null;
      const then = before ? measure(metric, { ...cell, stage: before }, indicator.minimumData).value : null;
      rows.push({
        indicator: indicator.id,
        name: indicator.name ?? null,
        metric: metric.id,
        axis: metric.axis,
        mechanism: indicator.mechanism,
        scope: indicator.scope,
        ...cell,
        target: indicator.target,
        direction: indicator.direction,
        actual,
        n,
        minimumData: indicator.minimumData,
        met: actual === null ? null : indicator.direction === 'at_least' ? actual >= indicator.target : actual <= indicator.target,
        trend: now !== null && then !== null && now !== undefined ? now - then : null,
        evidence: evidenceOf(metric, cell),
      });
    }
  }

  const value = (id: string, party: string) => (METRICS[id] as Metric).fromTally(tally, { ...base, ...within, party });
  const responsibility = parties.map((party): PartyResponsibility => {
    const standing = partyStanding(tally, { ...within, party });
    return {
      party,
      name: community.parties.find((p) => p.id === party)?.name ?? party,
      filed: standing.held,
      acknowledged: standing.acknowledged,
      acknowledgedInTimeRate: value('feedback_acknowledged_in_time_rate', party).value,
      medianHoursToAcknowledge: value('feedback_median_hours_to_acknowledge', party).value,
      resolved: standing.resolved,
      resolvedInTimeRate: value('feedback_resolved_in_time_rate', party).value,
    };
  });

  const named = new Set(rows.flatMap((row) => row.evidence));
  return {
    community: community.name,
    project: { id: project.id, name: project.name },
    stages: project.stages.map((s) => ({ id: s.id, name: s.name })),
    stage: options.stage ?? null,
    party: options.party ?? null,
    now: options.now,
    rows,
    timeline: stageTimeline(tally as TallyRow[], project, options.now, community.timeZone).filter((t) => options.stage === undefined || t.stage === options.stage),
    parties: responsibility,
    outcomes: Object.fromEntries(outcomes.filter((o) => named.has(o.id)).map((o) => [o.id, { type: o.type, at: o.at }])),
    timeZone: community.timeZone,
    evidenceListed: listEvidence,
    empty: !tally.some((row) => row.n > 0 && (options.stage === undefined || row.stage === options.stage)),
  };
}
