import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsensus } from '../../src/dialogue/consensus-cli';
import { parsePolisModeration, parsePolisVotes, toPolisVotes } from '../../src/dialogue/polis-csv';

const HEADER = 'participant,group-id,n-comments,n-votes,n-agree,n-disagree';

describe('parsePolisVotes', () => {
  it('reads the comment columns after the participant columns, and who Pol.is left ungrouped', () => {
    const text = `${HEADER},0,1,3\n0,0,1,3,2,1,1,-1,1\n1,,0,1,0,0,,0,\n5,1,0,2,1,1,-1,,1\n`;
    expect(parsePolisVotes(text)).toEqual({
      participantIds: ['0', '1', '5'],
      polisGroups: [0, null, 1],
      statementIds: ['0', '1', '3'],
      matrix: [
        [1, -1, 1],
        [null, 0, null],
        [-1, null, 1],
      ],
    });
  });

  it('reads newer exports, which have an xid column after participant', () => {
    const text = 'participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,1,4\n1,,1,0,2,1,1,-1,1\n2,,,0,1,0,0,0,\n';
    expect(parsePolisVotes(text)).toEqual({ participantIds: ['1', '2'], polisGroups: [1, null], statementIds: ['1', '4'], matrix: [[-1, 1], [0, null]] });
  });

  it('names the missing Pol.is column', () => {
    expect(() => parsePolisVotes('participant,n-comments,n-votes,n-agree,n-disagree,0\n0,0,1,1,0,1\n')).toThrow(
      'row 1, column 2: expected the Pol.is column "group-id" but found "n-comments"',
    );
    expect(() => parsePolisVotes('participant,group-id\n0,1\n')).toThrow('row 1, column 3: expected the Pol.is column "n-comments" but found nothing');
    expect(() => parsePolisVotes('')).toThrow('the file is empty');
  });

  it('names the row, column and comment of a bad cell, and a ragged row', () => {
    expect(() => parsePolisVotes(`${HEADER},7,8\n0,0,1,2,1,0,1,yes\n`)).toThrow('row 2, column 8 (comment 8): "yes" is not a vote');
    expect(() => parsePolisVotes(`${HEADER},7,8\n0,0,1,2,1,0,1\n`)).toThrow('row 2, column 8: the row ends after 7 cells but the header has 8');
    expect(() => parsePolisVotes(`${HEADER},7\n0,x,1,2,1,0,1\n`)).toThrow('row 2, column 2: the group-id "x" is not a number');
  });

  it('reads which comments were moderated out from comments.csv', () => {
    const comments = 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,3,0,1,"Fine, thanks"\n2,x,1,1,0,2,-1,Gone\n3,x,2,1,0,0,0,New\n';
    expect([...parsePolisModeration(comments)]).toEqual(['1']);
    expect(() => parsePolisModeration('comment-id,agrees\n0,1\n')).toThrow('there is no "moderated" column');
  });
});

describe('toPolisVotes', () => {
  it('writes votes that Pol.is tools (and parsePolisVotes) read back unchanged', () => {
    const data = {
      participantIds: ['0', '1', '2'],
      statementIds: ['1', '2', 'a, b'],
      matrix: [
        [1, -1, null],
        [0, 1, 1],
        [null, null, -1],
      ] as (1 | -1 | 0 | null)[][],
      groupOf: [0, 1, null],
      commentsBy: [2, 0, 1],
    };
    const text = toPolisVotes(data);
    expect(text.split('\n')[0]).toBe(`${HEADER},1,2,"a, b"`);
    expect(text.split('\n')[1]).toBe('0,0,2,2,1,1,1,-1,');
    expect(parsePolisVotes(text)).toEqual({ participantIds: data.participantIds, polisGroups: [0, 1, null], statementIds: data.statementIds, matrix: data.matrix });
  });
});

describe('commonground consensus --polis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polis-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a Pol.is export with its comments.csv, compares with Pol.is, and exports our groups', () => {
    const source = join('test', 'fixtures', 'polis', 'brexit-consensus');
    writeFileSync(join(dir, 'participants-votes.csv'), readFileSync(join(source, 'participants-votes.csv')));
    writeFileSync(join(dir, 'comments.csv'), readFileSync(join(source, 'comments.csv')));
    const out = join(dir, 'ours.csv');
    const report = JSON.parse(runConsensus({ polis: join(dir, 'participants-votes.csv'), exportPolis: out })) as Record<string, unknown>;
    expect(report.polis).toMatchObject({ groups: 2, grouped: 197, compared: 197 });
    const ground = report.commonGround as { statement: string; text?: string }[];
    expect(ground.length).toBeLessThanOrEqual(10);
    expect(ground.every((g) => typeof g.text === 'string' && g.text.length > 0)).toBe(true);
    const exported = parsePolisVotes(readFileSync(out, 'utf8'));
    expect(exported.participantIds).toHaveLength(204);
    expect(exported.polisGroups.filter((g) => g !== null)).toHaveLength(197);
    expect(new Set(exported.polisGroups.filter((g) => g !== null)).size).toBe((report.groups as unknown[]).length);
  });

  it('names the file in an error', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'participant,group-id,n-votes\n');
    expect(() => runConsensus({ polis: bad, comments: join(dir, 'comments.csv') })).toThrow('bad.csv: row 1, column 3: expected the Pol.is column "n-comments"');
  });
});
