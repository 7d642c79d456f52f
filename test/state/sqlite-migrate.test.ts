import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RUN_SCHEMA_VERSION, type Run } from '../../src/flows/run';
import { keys } from '../../src/state/keys';
import { openStateStore } from '../../src/state/store';

const run: Run = {
  schema: RUN_SCHEMA_VERSION, id: 'oldrun01', flowId: 'feedback', flowVersion: 1, locale: 'en', status: 'active', step: 'tracking', trail: [],
  home: { platform: 'local', space: 'local', channel: 'general', direct: false }, space: null, project: 'p', stage: null, participants: [],
  vars: { note: ':starts with a colon' }, pending: null, messages: {}, startedAt: 1, updatedAt: 2, seq: 4,
};

describe('a SQLite file written before turns were transactions', () => {
  it('is moved over once at start: runs, index keys, counters and timers carry on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-migrate-'));
    const db = new Database(join(dir, 'state.sqlite'));
    db.exec('CREATE TABLE state (key VARCHAR(255) PRIMARY KEY, value TEXT)');
    const put = db.prepare('INSERT INTO state (key, value) VALUES (?, ?)');
    const record = (value: unknown) => JSON.stringify({ value, expires: null }).replace('":starts', '"::starts');
    put.run(`cg:${keys.run(run.id)}`, record({ v: 1, data: run }));
    put.run(`cg:${keys.awaiting('conv:general', 'maria')}`, record({ v: 1, data: run.id }));
    put.run(`cg:${keys.counter('feedback')}`, record(7));
    put.run(`cg:${keys.timer(`${run.id}.ack_reminder`)}`, record({ v: 1, data: { id: `${run.id}.ack_reminder`, runId: run.id, name: 'ack_reminder', at: 5000, payload: {} } }));
    put.run(`cg:${keys.timerIndex()}`, record({ v: 1, data: [{ id: `${run.id}.ack_reminder`, at: 5000 }] }));
    put.run(`cg:${keys.seen('slack', 'e1')}`, JSON.stringify({ value: 1, expires: Date.now() + 60_000 }));
    db.close();

    const state = openStateStore(undefined, dir);
    expect(await state.getRun(run.id)).toEqual(run);
    expect(await state.get(keys.awaiting('conv:general', 'maria'), z.string())).toBe(run.id);
    expect(await state.next('feedback')).toBe(8);
    expect(await state.timers.timers()).toEqual([{ id: `${run.id}.ack_reminder`, runId: run.id, name: 'ack_reminder', at: 5000, payload: {} }]);
    expect(await state.saveRun({ ...run, step: 'rating' }, 4)).toBe(true);
    await state.close();
    // Opened again: nothing is moved twice.
    const again = openStateStore(undefined, dir);
    expect((await again.getRun(run.id))?.step).toBe('rating');
    await again.close();
  });
});

describe('a SQLite file with answers kept in the table of earlier versions', () => {
  it('still sends every unsent answer, in the order they were kept, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-migrate-'));
    await openStateStore(undefined, dir).close();
    const db = new Database(join(dir, 'state.sqlite'));
    db.exec('CREATE TABLE answers (id TEXT PRIMARY KEY, answer TEXT NOT NULL)');
    const later = { id: keys.seen('slack', 'e2'), lock: 'conv:b', actions: [{ kind: 'send', text: 'second' }] };
    const first = { id: keys.seen('slack', 'e9'), lock: 'conv:a', actions: [{ kind: 'send', text: 'first' }] };
    for (const answer of [first, later]) db.prepare('INSERT INTO answers (id, answer) VALUES (?, ?)').run(answer.id, JSON.stringify(answer));
    db.close();

    const state = openStateStore(undefined, dir);
    expect(await state.answers.pending()).toEqual([first, later]);
    const third = { id: keys.seen('slack', 'e1'), lock: 'conv:a', actions: [] };
    expect(await state.answers.keep(third)).toBe('saved');
    await state.answers.sent(first.id);
    expect(await state.answers.pending()).toEqual([later, third]);
    await state.close();
    // Opened again: nothing is moved twice, nothing lost.
    const again = openStateStore(undefined, dir);
    expect(await again.answers.pending()).toEqual([later, third]);
    // One kept after opening again comes after them: the order goes on from what the file holds.
    const fourth = { id: keys.seen('slack', 'e0'), lock: 'conv:c', actions: [] };
    expect(await again.answers.keep(fourth)).toBe('saved');
    expect(await again.answers.pending()).toEqual([later, third, fourth]);
    await again.close();
  });
});
