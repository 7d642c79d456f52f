import type { Community } from '../config/schema';
import type { OperatorWords } from '../operator-error';
import { operatorSays } from '../operator-language';
import { COMMUNITY_METRICS } from './metrics-community';
import type { Metric } from './metrics-define';
import { FEEDBACK_METRICS } from './metrics-feedback';
import { PROCESS_METRICS } from './metrics-process';
import type { TallySpec } from './metrics-tally';

export type { Axis, Metric, MetricContext, MetricValue } from './metrics-define';

/** The metric library, by id: what an indicator's `metric` names. */
export const METRICS: Readonly<Record<string, Metric>> = Object.freeze(
  Object.fromEntries([...FEEDBACK_METRICS, ...COMMUNITY_METRICS, ...PROCESS_METRICS].map((m) => [m.id, m])),
);

export const METRIC_IDS: readonly string[] = Object.freeze(Object.keys(METRICS));

export function metricById(id: string): Metric | undefined {
  return Object.hasOwn(METRICS, id) ? METRICS[id] : undefined;
}

/**
 * The values a metric can take, so a target outside them (80 for 80%) is caught when the community
 * file is read; `says` is the key (in cli.yaml) of the words that describe them.
 */
function targetRange(metric: string): { min: number; max: number; says: string } {
  if (metric.endsWith('_rate') || metric === 'flow_stages_completed')
    return { min: 0, max: 1, says: 'cli.config.range_share' };
  if (metric === 'dialogue_participation_gini') return { min: 0, max: 1, says: 'cli.config.range_gini' };
  if (metric === 'feedback_satisfaction') return { min: 1, max: 5, says: 'cli.config.range_rating' };
  return { min: 0, max: Number.POSITIVE_INFINITY, says: 'cli.config.range_count' };
}

/** Problems with indicators, each naming the field, e.g. `projects[0].indicators[2].metric: ...`, in the operator's language. */
export function checkIndicators(community: Community, words: OperatorWords = operatorSays): string[] {
  const problems: string[] = [];
  community.projects.forEach((project, pi) => {
    const seen = new Set<string>();
    project.indicators.forEach((indicator, ii) => {
      const at = `projects[${pi}].indicators[${ii}]`;
      if (!metricById(indicator.metric)) problems.push(`${at}.metric: ${words('cli.config.metric_unknown', { metric: indicator.metric, metrics: METRIC_IDS.join(', ') })}`);
      if (seen.has(indicator.id)) problems.push(`${at}.id: ${words('cli.config.indicator_twice', { id: indicator.id })}`);
      seen.add(indicator.id);
      const range = metricById(indicator.metric) ? targetRange(indicator.metric) : undefined;
      if (range && (indicator.target < range.min || indicator.target > range.max))
        problems.push(`${at}.target: ${words('cli.config.target_unreachable', { target: indicator.target, metric: indicator.metric, range: words(range.says) })}`);
      if (indicator.scope === 'party' && project.charter.length === 0) problems.push(`${at}.scope: ${words('cli.config.party_scope')}`);
    });
  });
  return problems;
}

/** Everything the given metrics need tallied, in one spec. */
export function specFor(metrics: Metric[]): TallySpec {
  return Object.assign({}, ...metrics.map((metric) => metric.spec)) as TallySpec;
}
