import { closeSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli';

const run = runInProcess;

const dir = mkdtempSync(join(tmpdir(), 'cg-consensus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const rows = [...Array.from({ length: 5 }, () => '1,1,-1,0'), ...Array.from({ length: 5 }, () => '1,-1,1,0')];
const votes = file('votes.csv', `Library hours,Bike lanes,Night market,Bins\n${rows.join('\n')}\n`);

describe('commonground consensus --file', () => {
  it('prints the groups, common ground and divisive statements with ids from the header', async () => {
    const { code, out } = await run(['consensus', '--file', votes]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({
      groups: [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ],
      consensus: [0],
      divisive: [1, 2],
      statementIds: ['Library hours', 'Bike lanes', 'Night market', 'Bins'],
      participants: { total: 10, grouped: 10 },
      commonGround: [{ statement: 'Library hours', column: 0, score: 0.7347, agree: 10, disagree: 0, pass: 0 }],
      commonGroundTotal: 1,
      divisiveStatements: [
        { statement: 'Bike lanes', column: 1, score: 0.7143, agreeByGroup: ['5 of 5', '0 of 5'] },
        { statement: 'Night market', column: 2, score: 0.7143, agreeByGroup: ['0 of 5', '5 of 5'] },
      ],
      divisiveTotal: 2,
    });
    const groups = report.opinionGroups as { group: number; size: number; representative: { statement: string; repfulFor: string }[] }[];
    expect(groups.map((g) => [g.group, g.size])).toEqual([
      [1, 5],
      [2, 5],
    ]);
    expect(groups[0]?.representative).toContainEqual(expect.objectContaining({ statement: 'Bike lanes', repfulFor: 'agree' }));
    expect(groups[1]?.representative).toContainEqual(expect.objectContaining({ statement: 'Night market', repfulFor: 'agree' }));
  });

  it('is readable: one group per line, short lists on one line', async () => {
    const { out } = await run(['consensus', '--file', votes]);
    expect(out.startsWith('{\n  "groups": [\n    [0, 1, 2, 3, 4],\n    [5, 6, 7, 8, 9]\n  ],\n  "consensus": [0],\n  "divisive": [1, 2],\n')).toBe(true);
    expect(out).toContain('\n  "participants": {"total": 10, "grouped": 10},\n');
  });

  it('lists ten common-ground statements unless --all is given', async () => {
    const header = Array.from({ length: 14 }, (_u, j) => `s${j}`).join(',');
    const many = file('many.csv', `${header}\n${Array.from({ length: 12 }, () => Array(14).fill('1').join(',')).join('\n')}\n`);
    const short = JSON.parse((await run(['consensus', '--file', many])).out) as { consensus: number[]; commonGround: unknown[]; commonGroundTotal: number };
    expect(short.consensus).toHaveLength(14);
    expect(short.commonGround).toHaveLength(10);
    expect(short.commonGroundTotal).toBe(14);
    const all = JSON.parse((await run(['consensus', '--file', many, '--all'])).out) as { commonGround: unknown[] };
    expect(all.commonGround).toHaveLength(14);
  });
});

describe('commonground consensus with bad input', () => {
  async function oneLine(args: string[]): Promise<string> {
    const { code, out, err } = await run(args);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
    return err.trim();
  }

  it('a ragged row', async () => {
    expect(await oneLine(['consensus', '--file', file('ragged.csv', 'a,b,c\n1,0,1\n1,0\n')])).toBe(
      'ragged.csv: row 3, column 3: the row ends after 2 cells but the header has 3 (leave a cell empty for "not seen", e.g. 1,,0)',
    );
  });

  it('a cell that is not a vote', async () => {
    expect(await oneLine(['consensus', '--file', file('words.csv', 'a,b\n1,agree\n')])).toBe('words.csv: row 2, column 2: "agree" is not a vote (use 1, -1, 0 or leave it empty)');
  });

  it('an empty file', async () => {
    expect(await oneLine(['consensus', '--file', file('empty.csv', '')])).toMatch(/^empty\.csv: the file is empty: put one row per participant/);
  });

  it('a header alone, with no participant rows', async () => {
    expect(await oneLine(['consensus', '--file', file('header.csv', 's1,s2\n')])).toBe('header.csv: the file has no votes: only a header row, with no participant rows under it');
  });

  it('a folder instead of a file', async () => {
    const { code, err } = await run(['consensus', '--file', dir]);
    expect(code).toBe(2);
    expect(err).toBe(`--file names a folder (${dir}); please give the file inside it.\n`);
  });

  it('a cell of 5 MB (an unclosed quote, or text where a vote should be)', async () => {
    const path = file('long-cell.csv', `a,b\n1,"${'x'.repeat(5 * 1024 * 1024)}"\n`);
    expect(await oneLine(['consensus', '--file', path])).toBe('long-cell.csv: row 2, column 2: a cell is longer than 10,000 characters, so the file was not read (is a quote missing?)');
  });

  it('a file of 100 MB', async () => {
    const path = join(dir, 'huge.csv');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    expect(await oneLine(['consensus', '--file', path])).toBe('huge.csv: the file is 100 MB, more than the 64 MB that can be read: split it or leave out statements nobody voted on');
    rmSync(path);
  });

  it('a Pol.is file with missing columns', async () => {
    expect(await oneLine(['consensus', '--polis', file('participants-votes.csv', 'participant,n-votes,0\n1,1,1\n')])).toBe(
      'participants-votes.csv: row 1, column 2: expected the Pol.is column "group-id" but found "n-votes" (a participants-votes.csv starts with participant,group-id,n-comments,n-votes,n-agree,n-disagree)',
    );
  });

  it('no votes file, or two', async () => {
    const { code, err } = await run(['consensus']);
    expect(code).toBe(2);
    expect(err).toBe('Please give the votes with either --file votes.csv or --polis participants-votes.csv.\n');
  });
});
