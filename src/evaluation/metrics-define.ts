import type { Community, Mechanism, Project } from '../config/schema';
import type { Outcome } from './outcome';
import { tallyOutcomes, type Cell, type TallyRow, type TallySpec } from './metrics-tally';

export type Axis = 'goal' | 'process' | 'responsibility';

export interface MetricContext extends Cell {
  community: Community;
  project: Project;
  /** Epoch ms: what "by now" means for deadlines. */
  now: number;
}

export interface MetricValue {
  value: number | null;
  /** How many events the value rests on. */
  n: number;
  /** Ids of the outcomes behind the value. */
  evidence: string[];
}

export interface Metric {
  id: string;
  mechanism: Mechanism;
  axis: Axis;
  /** One line for the README. */
  description: string;
  /** What the metric needs tallied (entries shared between metrics have the same definition). */
  spec: TallySpec;
  /** The value from a project's tally, for the context's stage and party. */
  fromTally(rows: TallyRow[], context: MetricContext): Omit<MetricValue, 'evidence'>;
  /** Whether an outcome is part of the evidence in the context's stage and party. */
  isEvidence(outcome: Outcome, context: MetricContext): boolean;
  compute(outcomes: Outcome[], context: MetricContext): MetricValue;
}

interface MetricDefinition extends Omit<Metric, 'compute' | 'isEvidence'> {
  /** Where the stage an outcome belongs to is read: its `stage` column, or `data.stage`. */
  stageFrom?: 'outcome' | 'data';
}

export function defineMetric(definition: MetricDefinition): Metric {
  const { stageFrom = 'outcome', ...metric } = definition;
  const types = new Set(Object.values(metric.spec).flatMap((entry) => entry.types));
  const isEvidence = (outcome: Outcome, context: MetricContext) => {
    const stage = stageFrom === 'data' ? outcome.data.stage : outcome.stage;
    return (
      types.has(outcome.type) &&
      (context.stage === undefined || stage === context.stage) &&
      (context.party === undefined || outcome.party === context.party)
    );
  };
  return {
    ...metric,
    isEvidence,
    compute(outcomes, context) {
      const own = outcomes.filter((outcome) => outcome.project === context.project.id);
      const { value, n } = metric.fromTally(tallyOutcomes(own, metric.spec), context);
      return { value, n, evidence: own.filter((outcome) => isEvidence(outcome, context)).map((o) => o.id) };
    },
  };
}

/** numerator / denominator, or null when nothing was counted. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
