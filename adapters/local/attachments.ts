import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRecords } from '../../src/privacy/platform-records';
import { privateFolder } from '../../src/state/private-files';

/**
 * Files the local chat saves in the data folder (`attachments/`), owner-only. A file sent to one
 * person by direct message (their `/privacy export`) goes in a folder of theirs, so that erasing
 * them removes it with the rest of their data.
 */
export function localAttachments(dataDir: string): {
  save(name: string, data: Uint8Array, userId?: string): string;
  records: PlatformRecords;
} {
  const root = join(dataDir, 'attachments');
  // `to-` and the encoded id: no id ("..", "a/b") can name a folder outside `attachments/`.
  const folderOf = (userId: string) => join(root, `to-${encodeURIComponent(userId)}`);
  const filesOf = (userId: string) => (existsSync(folderOf(userId)) ? readdirSync(folderOf(userId)).length : 0);
  return {
    save(name, data, userId) {
      const dir = userId === undefined ? root : folderOf(userId);
      privateFolder(root);
      privateFolder(dir);
      const file = join(dir, name);
      writeFileSync(file, data, { mode: 0o600 });
      return file;
    },
    records: {
      platform: 'local',
      count: filesOf,
      erase(userId) {
        const files = filesOf(userId);
        rmSync(folderOf(userId), { recursive: true, force: true });
        return files;
      },
    },
  };
}

/** The local chat's saved files in a data folder, for `commonground privacy`. */
export function localRecordsIn(dataDir: string): { records: PlatformRecords[]; close(): void } {
  return { records: [localAttachments(dataDir).records], close: () => undefined };
}
