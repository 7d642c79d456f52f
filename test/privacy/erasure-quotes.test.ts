import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { sqliteFilesOf } from './privacy-scenario';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MARIA = 'The gate to the playground does not close';
const CHEN = 'The bike shed roof leaks onto the saddles';

describe('erasing a resident whose report other residents were offered', () => {
  it('leaves no quote of their report in the intakes that offered it, and the others can still go on', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cg-erase-quotes-')), 'data');
    h = await createHarness({ dataDir });
    await h.type('/as maria', '/in general', '/feedback', '1', MARIA, 'Playground gate', '2', 'no', 'yes');
    // ann adds her voice; chen is offered maria's report and has not chosen yet.
    const offered = await h.type('/as ann', '/in general', '/feedback', '1', '1', '/as chen', '/in general', '/feedback', '1');
    expect(offered.join('\n')).toContain(MARIA);
    await h.type('/as maria', '/privacy erase confirm');
    await h.app.bot.idle();

    expect(await h.app.state.traces.find([MARIA])).toMatchObject({ runs: [] });
    expect(sqliteFilesOf(dataDir).toString('utf8')).not.toContain(MARIA);

    // chen's report is different: he files it as usual.
    const filed = (await h.type('/as chen', '/in general', '2', CHEN, 'Bike shed', '2', 'no', 'yes')).join('\n');
    expect(filed).toMatch(/Your report FB-\d+ has gone to the housing office/);
  });
});

describe('erasing a resident who added their voice to a report', () => {
  it('sends the update on the report only to the people still there', async () => {
    h = await createHarness();
    await h.type('/as maria', '/in general', '/feedback', '1', MARIA, 'Playground gate', '2', 'no', 'yes');
    await h.type('/as ann', '/in general', '/feedback', '1', '1', '/as chen', '/in general', '/feedback', '1', '1');
    await h.type('/as ann', '/privacy erase confirm');
    const resolved = await h.type('/as jo housing', '/in housing-office', '1', '3', 'Fixed the latch.');
    const directs = resolved.filter((l) => l.startsWith('[DM to '));
    expect(directs.filter((l) => l.includes('which you added your voice to'))).toEqual([expect.stringMatching(/^\[DM to chen\] bot: An update on FB-0001, which you added your voice to/)]);
    expect(resolved.join('\n')).not.toContain('[DM to erased-');
  });
});
