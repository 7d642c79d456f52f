import { afterEach, expect, it } from 'vitest';
import { checkCommunity, loadCommunity } from '../../src/config/load';
import { Community } from '../../src/config/schema';
import { buildReport } from '../../src/evaluation/report';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createFakeClock, createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

/** The example community, counting from the first dialogue and mediation. */
function community(): Community {
  const example = loadCommunity(EXAMPLE_COMMUNITY);
  const [renewal, ...rest] = example.projects;
  const indicators = (renewal?.indicators ?? []).map((indicator) => ({ ...indicator, minimumData: 1 }));
  return Community.parse({ ...example, projects: [{ ...renewal, indicators }, ...rest] });
}

it('counts a dialogue and a mediation opened in a project without stage= in the stage running that day', async () => {
  const c = community();
  // 2 November 2026: the building stage.
  h = await createHarness({ community: c, clock: createFakeClock(Date.parse('2026-11-02T09:00:00Z')) });
  await h.type('/as li social_worker', '/in general', '/dialogue start "Bike shed" project=riverside-renewal');
  for (const who of ['ann', 'bo']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
  await h.type('/as li social_worker', '/in t1', '/dialogue next');
  await h.type('/as bo', '/in t1', 'The racks are always full');
  await h.type('/as li social_worker', '/in t1', '/dialogue close');
  await h.type('/as li social_worker', '/in general', '/mediation open @tom @sue "Bike parking" project=riverside-renewal');
  await h.type('/as tom', '/dm', 'yes', '/as sue', '/dm', 'no');

  const report = await buildReport(h.app.outcomes, c, { project: 'riverside-renewal', now: h.clock.now() });
  const row = (indicator: string, stage?: string) => report.rows.find((r) => r.indicator === indicator && r.stage === stage);
  expect(row('dialogue-equality', 'building')?.n).toBe(1);
  expect(row('dialogue-equality', 'listening')?.n).toBe(0);
  const building = await buildReport(h.app.outcomes, c, { project: 'riverside-renewal', stage: 'building', now: h.clock.now() });
  const agreement = building.rows.find((r) => r.indicator === 'mediation-agreement');
  expect([agreement?.actual, agreement?.n]).toEqual([0, 1]);
});

it('counts a report filed after the last planned stage has ended in that last stage, not the first', async () => {
  const c = community();
  // 10 April 2027: the review stage ended on 31 March.
  h = await createHarness({ community: c, clock: createFakeClock(Date.parse('2027-04-10T09:00:00Z')) });
  await h.type('/as maria', '/feedback', '1', 'The stairwell light is broken', 'Building 4', '2', 'no', 'yes');
  const stage = async (id: string) =>
    (await buildReport(h.app.outcomes, c, { project: 'riverside-renewal', stage: id, now: h.clock.now() })).rows.find((r) => r.indicator === 'resolution')?.n;
  expect(await stage('review')).toBe(1);
  expect(await stage('listening')).toBe(0);
});

it("dates outcomes into stages by the community's time zone, at the boundary day", async () => {
  const c = Community.parse({ ...community(), timeZone: 'Asia/Shanghai' });
  // 07:00 on 1 November in Shanghai is still 31 October in UTC: the building stage has begun there.
  h = await createHarness({ community: c, clock: createFakeClock(Date.parse('2026-10-31T23:00:00Z')) });
  await h.type('/as maria', '/feedback', '1', 'The stairwell light is broken', 'Building 4', '2', 'no', 'yes');
  await h.type('/as wang coordinator', '/stage finish listening', '/stage start building');
  const report = (stage: string) => buildReport(h.app.outcomes, c, { project: 'riverside-renewal', stage, now: h.clock.now() });
  expect((await report('building')).rows.find((r) => r.indicator === 'resolution')?.n).toBe(1);
  expect((await report('listening')).rows.find((r) => r.indicator === 'resolution')?.n).toBe(0);
  // Listening was planned to end on 31 October: finishing it on 1 November, Shanghai time, is late.
  const timeline = (await buildReport(h.app.outcomes, c, { project: 'riverside-renewal', now: h.clock.now() })).timeline;
  expect(timeline.find((t) => t.stage === 'listening')?.finishedOnTime).toBe(false);
  expect(timeline.find((t) => t.stage === 'building')?.startedOnTime).toBe(true);
});

it('refuses a time zone that does not exist, naming the field', () => {
  expect(() => checkCommunity({ ...community(), timeZone: 'Mars/Olympus' })).toThrow(/timeZone: use a time zone name such as Asia\/Shanghai/);
});

it('measures the acknowledgement of a report passed on with "Not ours" from when it reached the party that acknowledged it', async () => {
  const c = community();
  h = await createHarness({ community: c, clock: createFakeClock(Date.parse('2026-11-02T09:00:00Z')) });
  await h.type('/as maria', '/feedback', '1', 'The stairwell light is broken', 'Building 4', '2', 'no', 'yes');
  // The housing office holds it for 40 hours, then passes it to property management (24 hours in its charter).
  await h.advance(40 * HOUR);
  await h.type('/as jo housing', '/in housing-office', '/feedback not_ours FB-0001', '1', 'The light is on the estate side');
  await h.advance(HOUR);
  await h.type('/as pat property', '/in property-management', '/feedback acknowledge FB-0001');
  const report = await buildReport(h.app.outcomes, c, { project: 'riverside-renewal', party: 'property-management', now: h.clock.now() });
  expect(report.rows.find((r) => r.indicator === 'ack-time')?.actual).toBe(1);
  expect(report.parties[0]).toMatchObject({ party: 'property-management', filed: 1, acknowledgedInTimeRate: 1, medianHoursToAcknowledge: 1 });
});
