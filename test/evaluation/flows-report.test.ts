import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { Community } from '../../src/config/schema';
import { METRICS } from '../../src/evaluation/metrics';
import { buildReport, type ReportRow } from '../../src/evaluation/report';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createFakeClock, createHarness, HOUR, type ChatHarness } from '../support/harness';

const url = inject('services').postgres;
const START = Date.parse('2026-11-01T08:00:00Z');

/** The example community, with an indicator for every metric, counted from the first event. */
function communityWithEveryIndicator(): Community {
  const example = loadCommunity(EXAMPLE_COMMUNITY);
  const [renewal, ...rest] = example.projects;
  const indicators = Object.values(METRICS).map((m) => ({ id: m.id.replace(/_/g, '-'), metric: m.id, target: 1, direction: 'at_least', scope: m.axis === 'responsibility' ? 'party' : 'project', mechanism: m.mechanism, minimumData: 1 }));
  return Community.parse({ ...example, projects: [{ ...renewal, indicators }, ...rest] });
}

/**
 * Two reports through the feedback flow: repairs to the housing office (acknowledged after 5 hours,
 * resolved, confirmed with a 4), cleanliness to property management (acknowledged after 30 hours).
 */
async function feedbackFlows(h: ChatHarness) {
  await h.type('/as wang coordinator', '/stage finish listening', '/stage start building');
  await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken', 'Building 4', '2', 'no', 'yes');
  await h.type('/as li', '/feedback', '2', 'Bins by the east gate overflow', 'East gate', '1', 'no', 'yes');
  await h.advance(5 * HOUR);
  await h.type('/as jo housing', '/in housing-office', '1');
  await h.advance(HOUR);
  await h.type('3', 'Replaced the fitting.');
  await h.type('/as maria', '/dm', '1', '4');
  await h.advance(24 * HOUR);
  await h.type('/as pat property', '/in property-management', '1');
}

const value = (rows: ReportRow[], indicator: string, party?: string) =>
  rows.find((row) => row.indicator === indicator && row.party === party)?.actual;

function checks(open: () => Promise<{ evalDbUrl?: string; cleanup: () => Promise<void> }>) {
  let h: ChatHarness;
  let cleanup: () => Promise<void>;
  afterEach(async () => {
    await h?.close();
    await cleanup?.();
  });

  it('computes the indicators from feedback run through the local chat, the same from the rollup as from the log', async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    const community = communityWithEveryIndicator();
    h = await createHarness({ community, clock: createFakeClock(START), ...(opened.evalDbUrl ? { evalDbUrl: opened.evalDbUrl } : {}) });
    await feedbackFlows(h);

    const types = (await h.app.outcomes.query({ project: 'riverside-renewal' })).map((o) => o.type);
    expect(types.filter((t) => t === 'feedback.filed')).toHaveLength(2);
    expect(types.filter((t) => t === 'feedback.acknowledged')).toHaveLength(2);
    expect(types.filter((t) => t === 'feedback.resolved')).toHaveLength(1);

    const now = START + 3 * 24 * HOUR;
    const logged = await buildReport(h.app.outcomes, community, { project: 'riverside-renewal', now });
    const rolled = await buildReport(h.app.outcomes, community, { project: 'riverside-renewal', now, evidence: false });
    expect(rolled.rows.map(({ evidence: _e, ...row }) => row)).toEqual(logged.rows.map(({ evidence: _e, ...row }) => row));
    expect(rolled.parties).toEqual(logged.parties);

    const rows = rolled.rows;
    expect(value(rows, 'feedback-resolution-rate')).toBe(0.5);
    expect(value(rows, 'feedback-satisfaction')).toBe(4);
    expect(value(rows, 'feedback-reopen-rate')).toBe(0);
    expect(value(rows, 'feedback-median-hours-to-acknowledge', 'housing-office')).toBe(5);
    expect(value(rows, 'feedback-median-hours-to-acknowledge', 'property-management')).toBe(30);
    expect(value(rows, 'feedback-acknowledged-in-time-rate', 'housing-office')).toBe(1);
    expect(value(rows, 'feedback-acknowledged-in-time-rate', 'property-management')).toBe(0);
    // Listening never marked started and finished late; building started on time.
    expect(value(rows, 'stage-on-time-rate')).toBeCloseTo(1 / 3);
    expect(rolled.timeline.find((t) => t.stage === 'building')).toMatchObject({ started: START, startedOnTime: true, finishedOnTime: null });
    expect(rolled.parties.map((p) => [p.party, p.filed, p.acknowledged, p.resolved])).toEqual([
      ['housing-office', 1, 1, 1],
      ['property-management', 1, 1, 0],
      ['residents-committee', 0, 0, 0],
    ]);
  });
}

describe('indicators from flows run in the local chat, on SQLite', () => {
  checks(async () => ({ cleanup: async () => undefined }));
});

describe.skipIf(!url)('indicators from flows run in the local chat, on PostgreSQL', () => {
  checks(async () => {
    const schema = `cg_test_${randomBytes(6).toString('hex')}`;
    const base = url as string;
    return {
      evalDbUrl: `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
      async cleanup() {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  });
});
