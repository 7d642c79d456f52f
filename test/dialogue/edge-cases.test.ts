import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => {
  await h.close();
});

/** A dialogue with these residents taken part, moved on to the statements phase when asked. */
async function dialogueWith(people: string[], toStatements = true): Promise<void> {
  h = await createHarness();
  await h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1');
  for (const who of people) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
  if (toStatements) await h.type('/as li social_worker', '/dialogue next', '/dialogue next');
}

const text = (lines: string[]) => lines.join('\n');

async function closedData() {
  return (await h.app.outcomes.query({ types: ['dialogue.closed'] }))[0]?.data;
}

describe('structured dialogue: bad input and edge cases', () => {
  it('closes a dialogue nobody joined, with an honest summary', async () => {
    await dialogueWith([], false);
    const out = text(await h.type('/dialogue close'));
    expect(out).toContain('Nobody took part this time.');
    expect(out).toContain('Common ground:\n    • none');
    expect(await closedData()).toMatchObject({ participants: 0, contributions: 0, gini: null, statements: 0, votes: 0, consensus: 0 });
    expect(text(await h.type('/dialogue close'))).toContain('This conversation has already ended.');
  });

  it('does not call participation even when those who joined wrote nothing, nor count it as even in the evaluation', async () => {
    await dialogueWith(['ann', 'bo'], false);
    const shares = text(await h.type('/as li social_worker', '/in t1', '/dialogue shares'));
    expect(shares).toContain('bot (only li can see this): Nobody has written in the dialogue yet, so there are no shares of voice to show.');
    const out = text(await h.type('/dialogue close'));
    expect(out).toContain('Taking part: 2. Nobody wrote in the dialogue, so there is no share of voice to describe.');
    expect(out).not.toMatch(/Gini|even/u);
    expect(await closedData()).toMatchObject({ participants: 2, contributions: 0, gini: null });
  });

  it('says so in Chinese too', async () => {
    await dialogueWith(['ann'], false);
    const shares = text(await h.type('/as li social_worker', '/language zh-CN', '/in t1', '/dialogue shares'));
    expect(shares).toContain('bot (only li can see this): 讨论中还没有人发言，暂时没有发言占比可以显示。');
  });

  it('with one participant, says too few voted to find common ground', async () => {
    await dialogueWith(['ann']);
    await h.type('/as ann', '+ A covered bike shed by the gate');
    const out = text(await h.type('/as li social_worker', '/dialogue next'));
    expect(out).toContain('Too few people voted to find common ground this time (voters: 0; statements: 1).');
    const shares = text(await h.type('/dialogue shares'));
    expect(shares).toContain('With one person taking part, there is no share of voice to compare yet.');
    expect(shares).not.toContain('Gini');
    const closing = text(await h.type('/dialogue close'));
    expect(closing).toContain('Taking part: 1. Contributions: 1. With one person, there is no share of voice to compare.');
    expect(closing).not.toContain('Gini');
    // One voice is not an even room: the evaluation does not count it.
    expect(await closedData()).toMatchObject({ participants: 1, contributions: 1, gini: null });
  });

  it('says a statement needs more votes, not that fewer than half agreed, when each was voted on by one person who agreed', async () => {
    await dialogueWith(['ann', 'bo']);
    await h.type('/as ann', '+ A covered bike shed by the gate', '/as bo', '+ Keep the cost under 5000', '/as ann', '1', '/as bo', '1');
    const out = text(await h.type('/as li social_worker', '/dialogue next'));
    expect(out).toContain('Voters: 2. Votes: 2. Statements: 2.');
    expect(out).toContain('No statement has been voted on by at least two people in each group yet, so none can be called common ground. More votes would show where people agree.');
    expect(out).not.toContain('more than half of the voters agreeing');
  });

  it('refuses votes and statements from someone who has not joined, and invites them', async () => {
    await dialogueWith(['ann', 'bo']);
    await h.type('/as ann', '+ A covered bike shed by the gate');
    const vote = text(await h.type('/as zed', '/in t1', '/dialogue vote 1 agree'));
    expect(vote).toContain('(only zed can see this): Thank you for your interest. To add statements, vote or join in, please take part first');
    expect(text(await h.type('+ Bikes inside the flats'))).toContain('please take part first');
    await h.type('/as li social_worker', '/dialogue close');
    expect(await closedData()).toMatchObject({ participants: 2, statements: 1, votes: 0 });
  });

  it('refuses an empty statement, one over the limit, and the same statement twice', async () => {
    await dialogueWith(['ann', 'bo']);
    expect(text(await h.type('/as ann', '+   '))).toContain('That statement looks empty.');
    expect(text(await h.type(`+ ${'x'.repeat(281)}`))).toContain("That's a little long (281 characters), so nothing was saved: please keep a statement under 280 characters");
    await h.type('+ A covered bike shed by the gate.');
    expect(text(await h.type('/as bo', '/dialogue statement a covered  bike shed by the gate'))).toContain('That statement is already here as number 1');
    expect(text(await h.type('/as ann', '/dialogue statement Bike shed'))).toContain('Statement 2, from ann: “Bike shed”');
  });

  it('answers facilitator commands from anyone else kindly, and changes nothing', async () => {
    await dialogueWith(['ann'], false);
    const out = text(await h.type('/as ann', '/dialogue next'));
    expect(out).toContain('Only the facilitator can use "next" here.');
    expect(text(await h.type('/dialogue hide 1 rude'))).toContain('Only the facilitator can use "hide" here.');
    expect(text(await h.type('/dialogue close'))).toContain('Only the facilitator can use "close" here.');
    const phases = await h.app.outcomes.query({ types: ['dialogue.phase_changed'] });
    expect(phases.map((o) => o.data.phase)).toEqual(['opening']);
  });

  it('a vote typed before the statements phase says voting has not opened yet, not that it has closed', async () => {
    await dialogueWith(['ann'], false);
    const out = text(await h.type('/as ann', '/in t1', '/dialogue vote 1 agree'));
    expect(out).toContain("Voting opens in the statements part of the dialogue, so there is nothing to vote on yet. You'll be able to vote then.");
    expect(out).not.toContain('Voting has closed');
  });

  it('does not count a vote clicked after the statements phase has ended', async () => {
    await dialogueWith(['ann', 'bo']);
    const card = text(await h.type('/as ann', '+ A covered bike shed by the gate'));
    expect(card).toContain('[DM to bo] bot: Dialogue on “Bike shed”, statement 1 of 1:');
    await h.type('/as li social_worker', '/dialogue next');
    expect(text(await h.type('/as bo', '/dm', '1'))).toContain('Voting has closed for this dialogue, so that vote wasn\'t added.');
    await h.type('/as li social_worker', '/in t1', '/dialogue close');
    expect(await closedData()).toMatchObject({ votes: 0 });
  });

  it('finds neither common ground nor division when everyone passes on everything', async () => {
    const people = ['ann', 'bo', 'cai', 'dev'];
    await dialogueWith(people);
    for (const [i, who] of people.entries()) await h.type(`/as ${who}`, '/in t1', `+ Idea number ${i + 1}`);
    for (const who of people) await h.type(`/as ${who}`, '/dm', '3', '3', '3');
    const out = text(await h.type('/as li social_worker', '/in t1', '/dialogue next'));
    expect(out).toContain('Voters: 4. Votes: 12. Statements: 4. By their votes, people form one group of opinion.');
    expect(out).toContain('No statement had, on average across the groups, more than half of the voters agreeing this time.');
    expect(out).not.toContain('Where views differ');
  });

  it('does not count a tie as common ground', async () => {
    const people = ['ann', 'bo', 'cai', 'dev', 'eva'];
    await dialogueWith(people);
    await h.type('/as ann', '+ A covered bike shed by the gate', '+ Charge for bike spaces');
    for (const [who, second] of [['bo', '1'], ['cai', '2'], ['dev', '1'], ['eva', '2']] as const) await h.type(`/as ${who}`, '/dm', '1', second);
    const out = text(await h.type('/as li social_worker', '/in t1', '/dialogue next'));
    expect(out).toContain('Common ground, strongest first (the groups, counted equally, lean towards agreeing):\n    • 1. “A covered bike shed by the gate”\n');
    expect(out).not.toMatch(/agreeing\):\n(.*\n)*.*• 2\. “Charge for bike spaces”\n.*Where views differ/);
    const stats = await closedOrOpenConsensus();
    expect(stats).not.toContain(2);
  });

  it('does not count a hidden statement, and tells its author why', async () => {
    const people = ['ann', 'bo', 'cai'];
    await dialogueWith(people);
    await h.type('/as ann', '+ A covered bike shed by the gate', '+ Number 12 leaves bikes everywhere');
    await h.type('/as bo', '/dm', '1', '1', '/as cai', '/dm', '1', '1');
    const hide = text(await h.type('/as li social_worker', '/in t1', '/dialogue hide 2 "it names a neighbour"'));
    expect(hide).toContain('[#general › Dialogue: Bike shed (t1)] bot: Statement 2 has been hidden by the facilitator, as it doesn\'t fit our ground rules. Votes on it no longer count.');
    expect(hide).toContain('[DM to ann] bot: Your statement 2 (“Number 12 leaves bikes everywhere”) has been hidden by the facilitator. The reason given: it names a neighbour.');
    const out = text(await h.type('/dialogue next'));
    expect(out).toContain('Voters: 2. Votes: 2. Statements: 1.');
    expect(out).not.toContain('Number 12');
    await h.type('/dialogue close');
    expect(await closedData()).toMatchObject({ statements: 1, votes: 2 });
  });

  it('keeps votes and open cards through a restart in the middle of voting', async () => {
    await dialogueWith(['ann', 'bo']);
    await h.type('/as ann', '+ A covered bike shed by the gate', '+ Lights in the bike shed');
    expect(text(await h.type('/as bo', '/dm', '1'))).toContain('statement 2 of 2');
    await h.restart();
    expect(text(await h.type('/as bo', '/dm', '2'))).toContain('your vote on statement 2 is noted: Disagree');
    expect(text(await h.type('/as bo', '/dm', '1'))).toContain('Your vote on statement 2 is now: Agree.');
    await h.type('/as li social_worker', '/in t1', '/dialogue close');
    expect(await closedData()).toMatchObject({ votes: 2 });
  });

  it('says how many voted when the votes of one person are exported, without "(s)"', async () => {
    await dialogueWith(['ann', 'bo']);
    await h.type('/as ann', '+ A covered bike shed by the gate');
    await h.type('/as bo', '/dm', '1');
    const out = text(await h.type('/as li social_worker', '/in t1', '/dialogue export'));
    expect(out).toContain('Voters: 1. Statements: 1.');
    expect(out).not.toContain('(s)');
  });

  it('leaves a statement hidden after the common ground was shown out of the closing summary', async () => {
    await dialogueWith(['ann', 'bo', 'cai']);
    await h.type('/as ann', '+ A covered bike shed by the gate', '+ Number 12 leaves bikes everywhere');
    await h.type('/as bo', '/dm', '1', '1', '/as cai', '/dm', '1', '1');
    expect(text(await h.type('/as li social_worker', '/in t1', '/dialogue next'))).toContain('• 2. “Number 12 leaves bikes everywhere”');
    await h.type('/dialogue hide 2 "it names a neighbour"', '/dialogue next');
    const summary = text(await h.type('/dialogue close'));
    expect(summary).toContain('Common ground:\n    • 1. “A covered bike shed by the gate”\n');
    expect(summary).not.toContain('Number 12');
    expect(await closedData()).toMatchObject({ statements: 1, consensus: 1 });
  });
});

/** The consensus statement numbers of the closed dialogue, from its summary. */
async function closedOrOpenConsensus(): Promise<number[]> {
  const out = text(await h.type('/dialogue close'));
  const block = /Common ground:\n((?: {4}• .*\n?)*)/.exec(out)?.[1] ?? '';
  return [...block.matchAll(/• (\d+)\./g)].map((m) => Number(m[1]));
}

describe('a statement added with /dialogue statement', () => {
  it('counts in the shares of voice as the same statement typed with + does', async () => {
    await dialogueWith(['ann', 'bo']);
    await h.type('/as ann', '/in t1', '+ A covered bike shed by the gate');
    await h.type('/as bo', '/in t1', '/dialogue statement More racks near building 2');
    const shares = text(await h.type('/as li social_worker', '/in t1', '/dialogue shares'));
    expect(shares).toContain('• ann: 50% of the messages (1)');
    expect(shares).toContain('• bo: 50% of the messages (1)');
    expect(text(await h.type('/dialogue close'))).toContain('Taking part: 2. Contributions: 2. Overall, participation was even (Gini 0.00).');
  });
});

describe('a statement refused for its length', () => {
  it('says nothing was saved, and counts for nothing in the shares of voice or the closing summary', async () => {
    await dialogueWith(['ann', 'bo']);
    const long = `+ ${'x'.repeat(300)}`;
    const refused = text(await h.type('/as ann', '/in t1', long, long));
    expect(refused).toContain("bot (only ann can see this): That's a little long (300 characters), so nothing was saved: please keep a statement under 280 characters");
    await h.type('+ A covered bike shed by the gate', '/as bo', '/in t1', '+ More racks near building 2');
    const shares = text(await h.type('/as li social_worker', '/in t1', '/dialogue shares'));
    expect(shares).toContain('• ann: 50% of the messages (1)');
    expect(shares).toContain('• bo: 50% of the messages (1)');
    expect(text(await h.type('/dialogue close'))).toContain('Taking part: 2. Contributions: 2. Overall, participation was even (Gini 0.00).');
    expect(await closedData()).toMatchObject({ contributions: 2, gini: 0 });
  });

  it('says nothing was saved in Chinese too', async () => {
    await dialogueWith(['ann']);
    const refused = text(await h.type('/as ann', '/in t1', '/language zh-CN', `+ ${'x'.repeat(300)}`));
    expect(refused).toContain('这条有点长（300 个字符），所以没有保存：每条观点请控制在 280 个字符以内');
  });
});

describe('a facilitator who names what is not there yet', () => {
  it('hears that there are no actions or statements yet, never a range "1 to 0"', async () => {
    await dialogueWith(['ann']);
    const out = await h.type('/as li social_worker', '/in t1', '/dialogue hide 1 "off topic"', '/dialogue done 1', '/dialogue remove 1');
    expect(text(out)).not.toContain('1 to 0');
    expect(text(out)).toContain('No statements have been written in this dialogue yet, so there is nothing to hide.');
    expect(out.filter((l) => l.includes('No actions have been recorded in this dialogue yet.'))).toHaveLength(2);
  });

  it('is told when the extra time is not a number, and the time is not changed', async () => {
    await dialogueWith(['ann']);
    const out = await h.type('/as li social_worker', '/in t1', '/dialogue extend abc');
    expect(out.at(-1)).toBe(
      '[#general › Dialogue: Bike shed (t1)] bot (only li can see this): I couldn\'t read "abc" as minutes. Please give a number from 1 to 240, for example /dialogue extend 15; nothing was changed.',
    );
    expect(text(out)).not.toContain('more minutes');
    expect(text(await h.type('/dialogue extend 15'))).toContain("We've added 15 more minutes to Statements and voting.");
  });
});

describe('/dialogue statement with nothing after it', () => {
  it('says to write the statement after the command, not after a +', async () => {
    await dialogueWith(['ann']);
    const out = await h.type('/as ann', '/in t1', '/dialogue statement');
    expect(out.at(-1)).toBe(
      '[#general › Dialogue: Bike shed (t1)] bot (only ann can see this): That statement looks empty. Please write it after the command, for example /dialogue statement We need more light on the path.',
    );
  });
});
