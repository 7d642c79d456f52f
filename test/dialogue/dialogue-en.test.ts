import { afterEach, describe, expect, it } from 'vitest';
import type { ChatHarness } from '../support/harness';
import { HOUR } from '../support/harness';
import { EVERYONE, openDialogue, typeAs, voteAll, type Script } from './transcript';

const script: Script = {
  start: '/dialogue start "Courtyard parking" project=courtyard-rules stage=consultation perspectives=20m',
  statements: [
    'Keep the courtyard quiet after 10pm',
    'Children need a safe place to play',
    'Keep the parking spaces in the courtyard',
    'Turn the parking spaces into a garden',
    'Cars should park on the street outside',
    'Put up more bike racks',
  ],
  perspectives: {},
};

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a structured dialogue in the local chat (en)', () => {
  it('runs every phase with six residents in two camps and records the outcomes', async () => {
    const opened = await openDialogue(script);
    h = opened.h;
    const start = opened.out.join('\n');
    expect(start).toContain('[#general] bot opened a thread "Dialogue: Courtyard parking" for li');
    expect(start).toContain('2. Perspectives (about 20 minutes)');
    expect(start).toContain('• Leave room so that everyone is heard.');
    expect(start).toContain('[#general] bot: A dialogue on “Courtyard parking” has started in its own thread.');
    expect(start).toContain('[#general › Dialogue: Courtyard parking (t1)] bot: Welcome, fang. Thank you for taking part.');

    // Perspectives: ann talks a lot, fang says nothing.
    await typeAs(h, 'li', '/dialogue next');
    await typeAs(h, 'ann', 'I park here every night after my shift.', 'Without the spaces I walk ten minutes in the dark.', 'And the street is full by seven.', 'We have parked here for twenty years.');
    for (const who of ['bo', 'cai', 'dev', 'eva']) await typeAs(h, who, `As ${who}, the courtyard matters to me.`);
    const nudges = (await h.advance(HOUR / 6)).join('\n');
    expect(nudges).toContain('[DM to fang] bot: We\'d like to hear from you too in the dialogue on “Courtyard parking”.');
    expect(nudges).toContain('[DM to ann] bot: Thank you for all you\'ve shared in the dialogue on “Courtyard parking”. To make sure everyone gets a chance, would you leave a little room for others for a while?');
    expect(nudges).not.toContain('[DM to bo]');
    const shares = (await typeAs(h, 'li', '/dialogue shares')).join('\n');
    // Shares count messages, like the Gini beside them: ann wrote 4 of the 8.
    expect(shares).toContain('• ann: 50% of the messages (4)');
    expect(shares).toContain('• fang: 0% of the messages (0)');
    expect(shares).toMatch(/Overall, .*\(Gini 0\.\d\d\)\./);

    // Statements and voting.
    const phase = (await typeAs(h, 'li', '/dialogue next')).join('\n');
    expect(phase).toContain('Now: statements and voting.');
    const added: string[] = [];
    for (const [i, who] of EVERYONE.entries()) added.push(...(await typeAs(h, who, '/in t1', `+ ${script.statements[i]}`)));
    expect(added.join('\n')).toContain('bot: Statement 3, from cai: “Keep the parking spaces in the courtyard”');
    expect(added.join('\n')).toContain('[DM to bo] bot: Dialogue on “Courtyard parking”, statement 1 of 1:\n    “Keep the courtyard quiet after 10pm”\n    Do you agree?\n    [1] Agree  [2] Disagree  [3] Pass');
    // Nobody is shown their own statement.
    expect(added.join('\n')).not.toMatch(/\[DM to ann\] bot: Dialogue on “Courtyard parking”, statement 1 /);
    const votes = (await voteAll(h)).join('\n');
    expect(votes).toContain('You\'ve seen every statement for now');

    // The facilitator can take the votes to Pol.is; a resident is told who can.
    const exported = (await typeAs(h, 'li', '/in t1', '/dialogue export')).join('\n');
    expect(exported).toContain('Here are the votes, in the Pol.is participants-votes format: D-0001-participants-votes.csv. Voters: 6. Statements: 6.');
    expect(exported).toContain('(attached: D-0001-participants-votes.csv)');
    expect((await typeAs(h, 'bo', '/in t1', '/dialogue export')).join('\n')).toContain('Only the facilitator can export the votes.');

    // Common ground: the statements both camps agree with, and those that divide them.
    const ground = (await typeAs(h, 'li', '/in t1', '/dialogue next')).join('\n');
    expect(ground).toContain('Voters: 6. Votes: 30. Statements: 6. By their votes, people form 2 groups of opinion.');
    expect(ground).toContain('Common ground, strongest first (the groups, counted equally, lean towards agreeing):\n    • 1. “Keep the courtyard quiet after 10pm”\n    • 2. “Children need a safe place to play”');
    expect(ground).toContain('What "common ground" means here: people were grouped by how they voted');
    expect(ground).toMatch(/Where views differ between the groups:\n {4}• \d\. “[^”]+”\n {4}• \d\. “[^”]+”\n {4}• \d\. “[^”]+”/);
    for (const n of [3, 4, 5]) expect(ground).toContain(`• ${n}. “${script.statements[n - 1]}”`);
    expect(ground).not.toContain('• 6. “Put up more bike racks”');

    // Next steps and close.
    await typeAs(h, 'li', '/dialogue next');
    const action = (await typeAs(h, 'li', '/dialogue action "Put up quiet-hours signs" owner=residents-committee due=2026-11-20', '/dialogue action "Ask about a play corner" owner=@eva due=2026-11-10')).join('\n');
    expect(action).toContain('Action 1 recorded: “Put up quiet-hours signs”, owner: the residents\' committee, due 2026-11-20.');
    const closing = (await typeAs(h, 'li', '/dialogue next')).join('\n');
    expect(closing).toContain('Closing summary of the dialogue on “Courtyard parking”.');
    expect(closing).toMatch(/Taking part: 6\. Contributions: \d+\. Overall, .*\(Gini 0\.\d\d\)\./);
    expect(closing).toContain('Common ground:\n    • 1. “Keep the courtyard quiet after 10pm”\n    • 2. “Children need a safe place to play”');
    expect(closing).toContain('Agreed actions:\n    • 1. “Put up quiet-hours signs”, owner: the residents\' committee, due 2026-11-20\n    • 2. “Ask about a play corner”, owner: eva, due 2026-11-10');

    // The owners: reminders when due, then done (eva on time, the committee late).
    const reminder = (await h.advance(8 * 24 * HOUR)).join('\n');
    expect(reminder).toContain('[DM to eva] bot: A reminder from the dialogue on “Courtyard parking”: action 2, “Ask about a play corner”, is due on 2026-11-10.');
    expect((await typeAs(h, 'eva', '/in t1', '/dialogue done 2')).join('\n')).toContain('Action 2, “Ask about a play corner”, is done. Thank you, eva.');
    expect((await typeAs(h, 'bo', '/dialogue done 1')).join('\n')).toContain('Only the residents\' committee or the facilitator can mark this action done.');
    const late = (await h.advance(30 * 24 * HOUR)).join('\n');
    expect(late).toContain('[#residents-committee] bot: A reminder from the dialogue on “Courtyard parking”: action 1, “Put up quiet-hours signs”, is due on 2026-11-20.');
    const finished = (await typeAs(h, 'wu committee', '/in t1', '/dialogue done 1')).join('\n');
    expect(finished).toContain('Every agreed action of this dialogue is done.');

    // The outcome log.
    const log = await h.app.outcomes.query({ types: ['dialogue.', 'action.'] });
    const types = log.map((o) => o.type);
    expect(types.filter((t) => t === 'dialogue.opened')).toHaveLength(1);
    expect(types.filter((t) => t === 'dialogue.joined')).toHaveLength(6);
    expect(log.filter((o) => o.type === 'dialogue.phase_changed').map((o) => o.data.phase)).toEqual(['opening', 'perspectives', 'statements', 'common_ground', 'next_steps', 'close']);
    expect(log.find((o) => o.data.phase === 'perspectives')?.data.planned_minutes).toBe(20);
    const closed = log.find((o) => o.type === 'dialogue.closed');
    expect(closed?.data).toMatchObject({ participants: 6, statements: 6, votes: 30, consensus: 2, divisive: 3, actions: 2 });
    expect(closed?.project).toBe('courtyard-rules');
    expect(closed?.stage).toBe('consultation');
    expect(typeof closed?.data.gini).toBe('number');
    const recorded = log.filter((o) => o.type === 'action.recorded');
    expect(recorded.map((o) => o.data.due)).toEqual([Date.parse('2026-11-20T00:00:00Z'), Date.parse('2026-11-10T00:00:00Z')]);
    expect(recorded[0]?.party).toBe('residents-committee');
    expect(recorded[1]?.actors).toHaveLength(1);
    expect(log.filter((o) => o.type === 'action.done').map((o) => o.data.on_time)).toEqual([true, false]);
    // Words never reach the outcome log.
    expect(JSON.stringify(log)).not.toContain('courtyard quiet');
    for (const who of EVERYONE) expect(JSON.stringify(log)).not.toContain(`"${who}"`);
  });
});
