import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepRetention } from '../../src/privacy/retention-sweep';
import { createHarness, DAY, type ChatHarness } from '../support/harness';
import { sqliteFilesOf } from './privacy-scenario';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REPORT = 'The courtyard tap drips all night long';
const NOTE = 'Fitted a new washer on the courtyard tap';
const OPEN_REPORT = 'Graffiti on the wall by the bike shed';
const periods = { mediation: 90, feedback: 365 };

describe('retention of feedback text', () => {
  it('reduces a closed report to its outcome after retentionDays, and leaves nothing of its words in the files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-retention-'));
    h = await createHarness({ dataDir });
    await h.type('/as maria', '/feedback', '1', REPORT, 'Courtyard', '2', 'no', 'yes');
    await h.type('/as jo housing', '/in housing-office', '1', '3', NOTE);
    await h.type('/as maria', '/dm', '1', '5');
    await h.type('/as chen', '/feedback', '2', OPEN_REPORT, 'Bike shed', '2', 'no', 'yes');
    await h.type('/as li social_worker', '/in general');
    await h.app.bot.idle();
    const [closed] = await h.app.outcomes.query({ types: ['feedback.confirmed'] });
    const runId = closed?.run ?? '';
    expect((await h.app.state.getRun(runId))?.vars.status).toBe('closed');
    const closedAt = h.clock.now();

    // A day before the period ends nothing changes; a day after, the words go and the outcome stays.
    expect(await sweepRetention(h.app.state, closedAt + 364 * DAY, periods)).toBe(0);
    expect(JSON.stringify(await h.app.state.getRun(runId))).toContain(REPORT);
    expect(await sweepRetention(h.app.state, closedAt + 366 * DAY, periods)).toBe(1);
    const reduced = await h.app.state.getRun(runId);
    expect(reduced?.vars).toMatchObject({ ref: 'FB-0001', status: 'closed', category: expect.any(String), purgedAt: closedAt + 366 * DAY });
    expect(JSON.stringify(reduced)).not.toContain(REPORT);
    expect(JSON.stringify(reduced)).not.toContain(NOTE);
    const files = sqliteFilesOf(dataDir).toString('utf8');
    expect(files).not.toContain(REPORT);
    expect(files).not.toContain(NOTE);
    // The open report keeps its words however old it is, and the figures still count both.
    expect(files).toContain(OPEN_REPORT);
    expect(await sweepRetention(h.app.state, closedAt + 1000 * DAY, periods)).toBe(0);
    expect(await h.app.outcomes.count({ types: ['feedback.filed'] })).toBe(2);
    // The reporter still sees the report in their list, by its reference.
    expect((await h.type('/as maria', '/in general', '/feedback mine')).join('\n')).toContain('FB-0001');
  }, 60_000);
});
