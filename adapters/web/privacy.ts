import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRecords } from '../../src/privacy/platform-records';
import { openWebSessions } from './sessions';

/**
 * The web chat's own records about people (invitations, sessions, thread members) in a data
 * folder, for `commonground privacy`; none when the web chat never ran there.
 */
export function webRecordsIn(dataDir: string): { records: PlatformRecords[]; close(): void } {
  if (!existsSync(join(dataDir, 'web-sessions.sqlite'))) return { records: [], close: () => undefined };
  const sessions = openWebSessions(dataDir);
  return { records: [sessions.people], close: () => sessions.close() };
}
