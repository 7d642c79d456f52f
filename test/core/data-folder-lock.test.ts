import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder, ownsDataFolder } from '../../src/data-folder-lock';

const folder = () => mkdtempSync(join(tmpdir(), 'cg-lock-'));

describe('the data folder lock', () => {
  it('is held by one owner at a time, who is named to the others', () => {
    const dir = folder();
    const lock = lockDataFolder(dir);
    let refused: unknown;
    try {
      lockDataFolder(dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderInUse);
    expect(refused).toMatchObject({ folder: dir, pid: process.pid });
    lock.release();
    lockDataFolder(dir).release();
  });

  it('pays no attention to a pid left behind by a process that is gone', () => {
    const dir = folder();
    // What a killed holder leaves: its pid file. The operating system has already let go of its lock.
    writeFileSync(join(dir, 'commonground.pid'), '999999999\n');
    const lock = lockDataFolder(dir);
    lock.release();
  });

  it('is needed for SQLite and memory state, not for state on Redis', () => {
    expect(ownsDataFolder(undefined)).toBe(true);
    expect(ownsDataFolder('sqlite:///tmp/state.sqlite')).toBe(true);
    expect(ownsDataFolder('redis://127.0.0.1:6379')).toBe(false);
    expect(ownsDataFolder('rediss://cache.example.org:6380')).toBe(false);
  });
});
