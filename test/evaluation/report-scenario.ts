import { afterAll, beforeAll, expect, it } from 'vitest';
import { Community } from '../../src/config/schema';
import type { Outcome, OutcomeStore } from '../../src/evaluation/outcome';
import { buildReport, type EvaluationReport, type ReportRow } from '../../src/evaluation/report';
import { community, handoverOutcomes, NOW, scenarioOutcomes } from '../fixtures/evaluation/scenario';

/** Hand-computed from the scenario: [indicator, stage or party, actual, n, met, trend]. */
const EXPECTED: [string, string | null, number | null, number, boolean | null, number | null][] = [
  ['resolution', null, 4 / 6, 6, false, 1 - 0.5],
  ['resolution-stage', 'listening', 2 / 4, 4, false, null],
  ['resolution-stage', 'building', 2 / 2, 2, true, 0.5],
  ['resolution-stage', 'review', null, 0, null, null],
  ['reopen', null, 1 / 4, 4, false, 0 - 0.5],
  ['confirmed', null, 3 / 4, 4, true, 1 - 0.5],
  ['satisfaction', null, 4, 3, true, 3.5 - 5],
  ['me-too', null, 2, 2, true, null],
  ['understood', null, 3 / 4, 4, true, null],
  ['turnout', null, 16, 2, true, 20 - 12],
  ['equality', 'listening', 0.3, 1, true, null],
  ['equality', 'building', 0.5, 1, false, 0.5 - 0.3],
  ['equality', 'review', null, 0, null, null],
  ['consensus', null, 2, 2, true, 1 - 3],
  ['consent', null, 5 / 6, 6, true, 1 - 0.75],
  ['agreement', null, 2 / 3, 3, true, 1 - 0.5],
  ['on-time', null, 2 / 3, 3, false, 1 - 0.5],
  ['flows', null, 4 / 6, 6, true, 2 / 3 - 2 / 3],
  ['ack-time', 'housing', 10, 3, true, 6 - 30],
  ['ack-time', 'property', 25, 2, true, 30 - 20],
  ['ack-time', 'committee', 80, 1, false, null],
  ['ack-in-time', 'housing', 2 / 3, 3, false, 1 - 0.5],
  ['ack-in-time', 'property', 0.5, 2, false, 0 - 1],
  ['ack-in-time', 'committee', 0, 1, false, null],
  ['resolve-time', null, 40, 5, true, 30 - 60],
  ['answer-time', null, 17.5, 2, true, null],
  ['answered', null, 2 / 3, 3, false, null],
  ['actions', null, 2 / 3, 3, false, null],
  ['kept', null, null, 3, null, null],
];

const key = (row: ReportRow) => `${row.indicator}@${row.stage ?? row.party ?? ''}`;

/** The evaluation scenario against one store: every figure on the three axes. */
export function reportScenario(open: () => Promise<{ store: OutcomeStore; cleanup: () => Promise<void> }>) {
  let opened: Awaited<ReturnType<typeof open>>;
  let report: EvaluationReport;
  beforeAll(async () => {
    opened = await open();
    await opened.store.append(scenarioOutcomes());
    report = await buildReport(opened.store, community, { project: 'renewal', now: NOW });
  });
  afterAll(async () => {
    await opened.cleanup();
  });

  it('computes every indicator as worked out by hand', () => {
    const rows = new Map(report.rows.map((row) => [key(row), row]));
    expect(report.rows).toHaveLength(EXPECTED.length);
    for (const [indicator, where, actual, n, met, trend] of EXPECTED) {
      const row = rows.get(`${indicator}@${where ?? ''}`);
      expect(row, `${indicator}@${where}`).toBeDefined();
      const label = `${indicator}@${where}`;
      if (actual === null) expect(row?.actual, label).toBeNull();
      else expect(row?.actual, label).toBeCloseTo(actual, 9);
      expect(row?.n, label).toBe(n);
      expect(row?.met, label).toBe(met);
      if (trend === null) expect(row?.trend, label).toBeNull();
      else expect(row?.trend, label).toBeCloseTo(trend, 9);
    }
  });

  it('puts each indicator on its axis', () => {
    const axis = (id: string) => report.rows.find((row) => row.indicator === id)?.axis;
    expect([axis('resolution'), axis('understood'), axis('agreement')]).toEqual(['goal', 'goal', 'goal']);
    expect([axis('on-time'), axis('flows')]).toEqual(['process', 'process']);
    expect([axis('ack-time'), axis('kept'), axis('actions')]).toEqual(['responsibility', 'responsibility', 'responsibility']);
  });

  it("names the outcomes behind a figure, never another project's", () => {
    const resolution = report.rows.find((row) => row.indicator === 'resolution');
    expect(resolution?.evidence).toContain('fb-1-filed');
    expect(resolution?.evidence).toContain('fb-2-resolved-again');
    expect(resolution?.evidence).not.toContain('b-fb9-filed');
    const onTime = report.rows.find((row) => row.indicator === 'on-time');
    expect(onTime?.evidence.sort()).toEqual(['stage-building-started', 'stage-listening-finished', 'stage-listening-started']);
    expect(report.outcomes['fb-1-filed']?.type).toBe('feedback.filed');
  });

  it('shows each stage as planned and as it happened', () => {
    expect(report.timeline.map((t) => [t.stage, t.startedOnTime, t.finishedOnTime])).toEqual([
      ['listening', true, false],
      ['building', true, null],
      ['review', null, null],
    ]);
    expect(report.timeline[0]?.finished).toBe(Date.UTC(2026, 9, 2, 9));
  });

  it("benchmarks each responsible party on its charter's times", () => {
    expect(report.parties).toEqual([
      expect.objectContaining({ party: 'housing', filed: 3, acknowledged: 3, medianHoursToAcknowledge: 10, resolved: 3, resolvedInTimeRate: 1 }),
      expect.objectContaining({ party: 'property', filed: 2, acknowledged: 2, acknowledgedInTimeRate: 0.5, medianHoursToAcknowledge: 25, resolved: 1 }),
      expect.objectContaining({ party: 'committee', filed: 1, acknowledged: 1, acknowledgedInTimeRate: 0, resolved: 0, resolvedInTimeRate: null }),
    ]);
    expect(report.parties[0]?.acknowledgedInTimeRate).toBeCloseTo(2 / 3, 9);
  });

  it('counts a passed-on report for the party that answers for it now, and a reopened one as not resolved', async () => {
    await opened.store.append(handoverOutcomes());
    for (const evidence of [true, false]) {
      const handover = await buildReport(opened.store, community, { project: 'handover', now: NOW, evidence });
      const standing = handover.parties.map((p) => [p.party, p.filed, p.acknowledged, p.resolved]);
      // Housing holds HB-2 only (acknowledged, reopened); property holds HB-1 (waiting) and HB-3 (resolved).
      expect(standing, `evidence: ${evidence}`).toEqual([
        ['housing', 1, 1, 0],
        ['property', 2, 1, 1],
      ]);
    }
  });

  it('gives each party the resolution rate of the reports it answers for, one passed on with "Not ours" with the party it went to', async () => {
    const renewal = community.projects.find((p) => p.id === 'handover');
    if (!renewal) throw new Error('fixture has the handover project');
    const withIndicator = Community.parse({
      ...community,
      projects: community.projects.map((p) =>
        p.id === 'handover' ? { ...p, indicators: [{ id: 'resolved', metric: 'feedback_resolution_rate', target: 0.8, direction: 'at_least', scope: 'party', mechanism: 'service', minimumData: 1 }] } : p,
      ),
    });
    const resolvedByProperty = { ...(handoverOutcomes().find((o) => o.id === 'hb-3-resolved') as Outcome), id: 'hb-1-resolved', data: { ref: 'HB-1', category: 'repairs', hours: 12 } };
    await opened.store.append([...handoverOutcomes(), resolvedByProperty]);
    for (const evidence of [true, false]) {
      const rows = (await buildReport(opened.store, withIndicator, { project: 'handover', now: NOW, evidence })).rows;
      // Housing answers for HB-2 (resolved once, then reopened); property for HB-1 (passed on, resolved) and HB-3 (resolved).
      expect(rows.map((r) => [r.party, r.actual, r.n]), `evidence: ${evidence}`).toEqual([
        ['housing', 1, 1],
        ['property', 1, 2],
      ]);
      const own = await buildReport(opened.store, withIndicator, { project: 'handover', party: 'property', now: NOW, evidence });
      expect(own.rows.map((r) => [r.party, r.actual, r.n])).toEqual([['property', 1, 2]]);
    }
  });

  it('shows a responsible party only its own rows', async () => {
    const own = await buildReport(opened.store, community, { project: 'renewal', party: 'property', now: NOW });
    expect(own.rows.map(key)).toEqual(['ack-time@property', 'ack-in-time@property']);
    expect(own.parties.map((p) => p.party)).toEqual(['property']);
  });

  it('reports one stage when asked, with its trend', async () => {
    const building = await buildReport(opened.store, community, { project: 'renewal', stage: 'building', now: NOW });
    const equality = building.rows.filter((row) => row.indicator === 'equality');
    expect(equality.map((row) => [row.stage, row.actual])).toEqual([['building', 0.5]]);
    expect(equality[0]?.trend).toBeCloseTo(0.2, 9);
    expect(building.timeline.map((t) => t.stage)).toEqual(['building']);
  });

  it('counts only the stage asked for in every row, also whole-project and party rows, and in the party table', async () => {
    for (const evidence of [true, false]) {
      const building = await buildReport(opened.store, community, { project: 'renewal', stage: 'building', now: NOW, evidence });
      const row = (indicator: string, party?: string) => building.rows.find((r) => r.indicator === indicator && r.party === party);
      // The same reports as the per-stage indicator for building, not the whole project's 4 of 6.
      expect([row('resolution')?.actual, row('resolution')?.n, row('resolution')?.stage]).toEqual([1, 2, 'building']);
      expect(row('resolution')?.actual).toEqual(row('resolution-stage')?.actual);
      // The housing office's building-stage median (its trend was 6 - 30), not its whole-project 10.
      expect(row('ack-time', 'housing')?.actual).toBe(6);
      const whole = await buildReport(opened.store, community, { project: 'renewal', now: NOW, evidence });
      const sum = (r: EvaluationReport) => r.parties.reduce((n, p) => n + p.filed, 0);
      expect(sum(building)).toBeLessThan(sum(whole));
    }
  });

  it('gives the same figures when tallied in the database', async () => {
    const tallied = await buildReport(opened.store, community, { project: 'renewal', now: NOW, evidence: false });
    const strip = (r: EvaluationReport) => r.rows.map(({ evidence: _evidence, ...row }) => row);
    expect(strip(tallied)).toEqual(strip(report));
    expect(tallied.parties).toEqual(report.parties);
    expect(tallied.timeline).toEqual(report.timeline);
    expect(tallied.evidenceListed).toBe(false);
  });
}
