import { privateFile, privateFolder } from './state/private-files';
import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dataFolderFiles } from './paths';

/** Another process holds the data folder. */
export class DataFolderInUse extends Error {
  constructor(
    readonly folder: string,
    /** The other process's id, as it wrote it down; undefined if it has not yet. */
    readonly pid: number | undefined,
  ) {
    super('the data folder is in use by another process');
  }
}

/**
 * Whether a process must own its data folder: yes unless the state is on Redis, which several
 * processes share (it is not cached in process), e.g. behind a load balancer.
 */
export function ownsDataFolder(storeUrl: string | undefined): boolean {
  return !(storeUrl?.startsWith('redis://') || storeUrl?.startsWith('rediss://'));
}

export interface DataFolderLock {
  release(): void;
}

/**
 * Makes this process the only one using a data folder (its SQLite state is cached in process, so
 * two processes would each answer from their own copy and lose each other's writes).
 *
 * The lock is the operating system's: an exclusive SQLite transaction held open on a lock file, so
 * it ends with the process however the process ends (even `kill -9`), and a lock left by a killed
 * process is taken over at once, with no stale lock to clean up and no race in doing so. The lock
 * file itself is never removed (removing it could let two processes lock two different files). The
 * holder writes its pid next to it, for the message another process shows.
 */
export function lockDataFolder(folder: string): DataFolderLock {
  privateFolder(folder);
  const files = dataFolderFiles(folder);
  privateFile(files.lock);
  const db = new Database(files.lock, { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFolderInUse(folder, liveOwner(files.owner));
    throw error;
  }
  // Written whole or not at all, so a reader never sees half a pid.
  const temporary = `${files.owner}.${process.pid}`;
  writeFileSync(temporary, `${process.pid}\n`, { mode: 0o600 });
  renameSync(temporary, files.owner);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      if (readOwner(files.owner) === process.pid) rmSync(files.owner, { force: true });
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/**
 * The pid the holder wrote down, if that process is alive: a holder that has only just taken the
 * lock may not have written it yet (the file may still name a process that was killed), so this
 * looks again a few times, for at most half a second.
 */
function liveOwner(file: string): number | undefined {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const pid = readOwner(file);
    if (pid !== undefined && isAlive(pid)) return pid;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
