import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { Community } from '../../src/config/schema';
import { METRICS } from '../../src/evaluation/metrics';
import { buildReport, type ReportRow } from '../../src/evaluation/report';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createFakeClock, createHarness, DAY, HOUR, type ChatHarness } from '../support/harness';

const url = inject('services').postgres;
const START = Date.parse('2026-11-01T08:00:00Z');

/**
 * The example community, with an indicator for every metric, counted from the first event, and
 * one mediation check-in (after 7 days), so an agreement ends after its first follow-up.
 */
function communityWithEveryIndicator(): Community {
  const example = loadCommunity(EXAMPLE_COMMUNITY);
  const [renewal, ...rest] = example.projects;
  const indicators = Object.values(METRICS).map((m) => ({ id: m.id.replace(/_/g, '-'), metric: m.id, target: 1, direction: 'at_least', scope: m.axis === 'responsibility' && !m.id.startsWith('mediation_') ? 'party' : 'project', mechanism: m.mechanism, minimumData: 1 }));
  return Community.parse({ ...example, mediation: { ...example.mediation, followUpDays: [7] }, projects: [{ ...renewal, indicators }, ...rest] });
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

/**
 * A structured dialogue on "Bike shed" with ann, bo and cai, run to its close. Contributions in
 * the thread: ann 2 (her two statements), bo 1 (his perspective), cai 0. bo and cai both agree
 * with statement 1 and disagree with statement 2; ann votes on nothing (no cards for her own).
 */
async function dialogueFlow(h: ChatHarness) {
  await h.type('/as li social_worker', '/in general', '/dialogue start "Bike shed" project=riverside-renewal stage=building');
  for (const who of ['ann', 'bo', 'cai']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
  await h.type('/as li social_worker', '/in t1', '/dialogue next');
  await h.type('/as bo', '/in t1', 'I ride to work every day and the racks are always full');
  await h.type('/as li social_worker', '/in t1', '/dialogue next');
  await h.type('/as ann', '/in t1', '+ A covered bike shed by the gate', '+ Charge for bike spaces');
  for (const who of ['bo', 'cai']) await h.type(`/as ${who}`, '/dm', '1', '2');
  await h.type('/as li social_worker', '/in t1', '/dialogue next');
  return h.type('/dialogue close');
}

const MEDIATION = (people: string, title: string) => `/mediation open ${people} "${title}" project=riverside-renewal stage=building`;

/**
 * Two mediations. M-1 (maria and chen, thread t2): both consent, reach an agreement with two
 * commitments and answer the one check-in after 7 days: maria 1 kept, 2 kept; chen 1 kept, 2 not
 * kept; then it ends with the agreement. M-2 (tom and sue): tom consents, sue declines.
 */
async function mediationFlows(h: ChatHarness) {
  await h.type('/as li social_worker', '/in general', MEDIATION('@maria @chen', 'Shared courtyard evenings'));
  await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
  await h.type('/as maria', '/dm', 'The music was loud every night', 'I need to sleep before my early shift', 'Quiet after 10pm on weekdays');
  await h.type('/as chen', '/dm', 'We had a few birthday parties', 'My kids can play outside', 'A fair schedule for everyone');
  await h.type('/as maria', '/in t2', 'yes', '/as chen', '/in t2', 'yes');
  await h.type('/as maria', '/in t2', 'The music kept me awake last Friday', '/as li social_worker', '/in t2', '/mediation next');
  await h.type('/as chen', '/in t2', 'We had three parties this summer', '/as li social_worker', '/in t2', '/mediation next', '/mediation next');
  await h.type('/as maria', '/in t2', 'Quiet in the evenings on weekdays', '/as li social_worker', '/in t2', '/mediation next');
  await h.type('/as maria', '/in t2', 'Music off by 10pm on weekdays', '/as chen', '/in t2', 'Parties end by 11pm on Saturdays', '/as li social_worker', '/in t2', '/mediation next');
  await h.type('/as maria', '/dm', '1 yes, 2 yes', '/as chen', '/dm', '1 yes 2 yes');
  await h.type('/as li social_worker', '/dm', '/mediation commitment 1 who=chen by=2026-11-20', '/mediation commitment 2 who=both by=2026-11-30', '/mediation propose');
  await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
  await h.advance(7 * DAY);
  await h.type('/as maria', '/dm', '1 kept, 2 kept', '/as chen', '/dm', '1 kept, 2 not kept');

  await h.type('/as li social_worker', '/in general', MEDIATION('@tom @sue', 'Bike parking by the stairs'));
  await h.type('/as tom', '/dm', 'yes', '/as sue', '/dm', 'no');
}

const PARTIES = ['housing-office', 'property-management', 'residents-committee'] as const;
const none = (axis: string, indicator: string): Row[] => PARTIES.map((party) => [axis, indicator, party, null, 0]);
type Row = [axis: string, indicator: string, party: string | null, actual: number | null, n: number];

/** Every row of the report after the feedback, the dialogue and the two mediations, worked out by hand. */
const EVERY_ROW: Row[] = [
  // Responsibility. Repairs filed at 08:00, acknowledged at 13:00 (5 h, within 48 h), resolved at 14:00
  // (6 h, within 14 days); cleanliness acknowledged after 30 h (over its 24 h). The committee had nothing.
  ['responsibility', 'feedback-median-hours-to-acknowledge', 'housing-office', 5, 1],
  ['responsibility', 'feedback-median-hours-to-acknowledge', 'property-management', 30, 1],
  ['responsibility', 'feedback-median-hours-to-acknowledge', 'residents-committee', null, 0],
  ['responsibility', 'feedback-median-hours-to-resolve', 'housing-office', 6, 1],
  ['responsibility', 'feedback-median-hours-to-resolve', 'property-management', null, 0],
  ['responsibility', 'feedback-median-hours-to-resolve', 'residents-committee', null, 0],
  ['responsibility', 'feedback-acknowledged-in-time-rate', 'housing-office', 1, 1],
  ['responsibility', 'feedback-acknowledged-in-time-rate', 'property-management', 0, 1],
  ['responsibility', 'feedback-acknowledged-in-time-rate', 'residents-committee', null, 0],
  ['responsibility', 'feedback-resolved-in-time-rate', 'housing-office', 1, 1],
  ['responsibility', 'feedback-resolved-in-time-rate', 'property-management', null, 0],
  ['responsibility', 'feedback-resolved-in-time-rate', 'residents-committee', null, 0],
  // Goal, feedback: 1 of 2 resolved; the one resolved was confirmed (not reopened) with a 4.
  ['goal', 'feedback-resolution-rate', null, 0.5, 2],
  ['goal', 'feedback-reopen-rate', null, 0, 1],
  ['goal', 'feedback-confirmation-rate', null, 1, 1],
  ['goal', 'feedback-satisfaction', null, 4, 1],
  // Each party answers for the report filed to it; none was passed on.
  ['responsibility', 'feedback-reports-held', 'housing-office', 1, 1],
  ['responsibility', 'feedback-reports-held', 'property-management', 1, 1],
  ['responsibility', 'feedback-reports-held', 'residents-committee', null, 0],
  ['goal', 'feedback-me-too-count', null, null, 0],
  // No notices or polls were run.
  ['goal', 'notice-understanding-rate', null, null, 0],
  ...none('responsibility', 'notice-median-hours-to-answer'),
  ...none('responsibility', 'notice-questions-answered-rate'),
  ['goal', 'poll-turnout', null, null, 0],
  // Goal, dialogue: contributions ann 2, bo 1, cai 0. Sorted x = 0, 1, 2: Σx = 3, Σ i·x = 1·0 + 2·1 + 3·2 = 8,
  // G = 2·8 / (3·3) − 4/3 = 4/9 = 0.444…, kept to two decimals: 0.44. Statement 1 has the agreement
  // of both voters (one group of two): 1 consensus statement; statement 2 was disagreed with.
  ['goal', 'dialogue-participation-gini', null, 0.44, 1],
  ['goal', 'dialogue-consensus-statements', null, 1, 1],
  ...none('responsibility', 'action-items-done-on-time-rate'),
  // Goal, mediation: maria, chen and tom consent, sue declines: 3/4. Ended: M-1 with the agreement,
  // M-2 declined: 1/2.
  ['goal', 'mediation-consent-rate', null, 0.75, 4],
  ['goal', 'mediation-agreement-rate', null, 0.5, 2],
  // Responsibility, mediation: check-in answers kept, kept (maria), kept, not kept (chen): 3/4.
  ['responsibility', 'mediation-commitments-kept-rate', null, 0.75, 4],
  // Process: listening never marked started (due 1 Sep) and finished late (1 Nov, due 31 Oct); building
  // started on 1 Nov as planned: 1/3. Flows opened: the dialogue, M-1, M-2; reached their last stage:
  // the dialogue (closed) and M-1 (agreement): 2/3.
  ['process', 'stage-on-time-rate', null, 1 / 3, 3],
  ['process', 'flow-stages-completed', null, 2 / 3, 3],
];

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

  it('computes every indicator on the three axes after feedback, a dialogue and two mediations in the local chat', async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    const community = communityWithEveryIndicator();
    h = await createHarness({ community, clock: createFakeClock(START), ...(opened.evalDbUrl ? { evalDbUrl: opened.evalDbUrl } : {}) });
    await feedbackFlows(h);
    const closing = await dialogueFlow(h);
    await mediationFlows(h);

    const now = START + 10 * DAY;
    const logged = await buildReport(h.app.outcomes, community, { project: 'riverside-renewal', now });
    const rolled = await buildReport(h.app.outcomes, community, { project: 'riverside-renewal', now, evidence: false });
    expect(rolled.rows.map(({ evidence: _e, ...row }) => row)).toEqual(logged.rows.map(({ evidence: _e, ...row }) => row));
    expect(closing.join('\n')).toContain('Taking part: 3. Contributions: 3. Overall, a few voices took most of the room (Gini 0.44).');
    expect(closing.join('\n')).toContain('Common ground:\n    • 1. “A covered bike shed by the gate”');
    // No actions were agreed, so nothing claims that agreed actions are done.
    expect(closing.join('\n')).not.toContain('Every agreed action');
    const shown = rolled.rows.map((row) => [row.axis, row.indicator, row.party ?? null, row.actual, row.n]);
    expect(shown).toHaveLength(EVERY_ROW.length);
    for (const [i, [axis, indicator, party, actual, n]] of EVERY_ROW.entries()) {
      const row = shown[i];
      expect(row?.slice(0, 3), `row ${i}`).toEqual([axis, indicator, party]);
      const label = `${indicator}@${party ?? ''}`;
      if (actual === null) expect(row?.[3], label).toBeNull();
      else expect(row?.[3], label).toBeCloseTo(actual, 9);
      expect(row?.[4], label).toBe(n);
    }
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
