import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * Residents' words live in these files: the data folder is readable by its owner only (0700) and
 * so is every database file in it (0600), with its write-ahead log and shared-memory file.
 */
export function privateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  tighten(folder, 0o700);
}

/** Creates the file owner-only if it is not there yet (before a database opens it). */
export function privateFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  tighten(file, 0o600);
}

/** A database file and the files SQLite keeps beside it, owner-only. */
export function privateDatabase(file: string): void {
  if (file === ':memory:' || file === '') return;
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(path)) tighten(path, 0o600);
}

function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch {
    // A file owned by someone else is left as it is; the operating system's rules apply.
  }
}
