import { describe, expect, it } from 'vitest';
import { Community } from '../../src/config/schema';
import { checkIndicators, METRIC_IDS, METRICS } from '../../src/evaluation/metrics';
import { community, NOW, scenarioOutcomes } from '../fixtures/evaluation/scenario';

describe('metric library', () => {
  it('offers every metric the configuration may name, each with a one-line description', () => {
    for (const id of ['feedback_median_hours_to_acknowledge', 'poll_turnout', 'stage_on_time_rate', 'flow_stages_completed', 'mediation_commitments_kept_rate'])
      expect(METRIC_IDS).toContain(id);
    for (const metric of Object.values(METRICS)) {
      expect(metric.description).toMatch(/^[A-Z].*\.$/);
      expect(metric.description).not.toContain('\n');
    }
  });

  it('names an unknown metric by its place in the configuration', () => {
    const broken = Community.parse({
      ...community,
      projects: community.projects.map((p, i) => (i === 1 ? { ...p, indicators: [...p.indicators, { ...p.indicators[0], metric: 'happiness' }] } : p)),
    });
    const problems = checkIndicators(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^projects\[1\]\.indicators\[1\]\.metric: there is no metric "happiness"/)]));
    expect(checkIndicators(community)).toEqual([]);
  });

  it('names a target that can never be reached, such as 80 for a share of 80%', () => {
    const renewal = community.projects[0];
    if (!renewal) throw new Error('fixture has a project');
    const targets = (changes: Record<string, number>) =>
      checkIndicators(
        Community.parse({
          ...community,
          projects: [{ ...renewal, indicators: renewal.indicators.map((i) => (i.id in changes ? { ...i, target: changes[i.id] } : i)) }, ...community.projects.slice(1)],
        }),
      );
    expect(targets({ resolution: 80, satisfaction: 9, 'ack-time': -1 })).toEqual([
      'projects[0].indicators[0].target: 80 can never be reached, as feedback_resolution_rate is a share between 0 and 1 (write 80% as 0.8)',
      'projects[0].indicators[4].target: 9 can never be reached, as feedback_satisfaction is a mean rating from 1 to 5',
      'projects[0].indicators[14].target: -1 can never be reached, as feedback_median_hours_to_acknowledge is never below 0',
    ]);
    expect(targets({ resolution: 1, satisfaction: 5, 'ack-time': 0 })).toEqual([]);
  });

  it('computes a metric straight from outcomes, with the ids behind it', () => {
    const project = community.projects[0];
    if (!project) throw new Error('fixture has a project');
    const result = METRICS.feedback_satisfaction?.compute(scenarioOutcomes(), { community, project, now: NOW, party: 'housing' });
    expect(result).toEqual({ value: 4, n: 2, evidence: ['fb-1-confirmed', 'fb-5-confirmed'] });
  });
});
