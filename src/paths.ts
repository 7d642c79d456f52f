import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's prompts folder (flows, messages, tone lexicons, summary prompts). */
export const PROMPTS_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));
export const EXAMPLE_COMMUNITY = fileURLToPath(new URL('../community.example.yaml', import.meta.url));
/** The project folder (the repository, or the installed package). */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Files the bot keeps in its data folder to know whether another process is using it. */
export function dataFolderFiles(dataDir: string): { lock: string; owner: string } {
  return { lock: join(dataDir, 'commonground.lock'), owner: join(dataDir, 'commonground.pid') };
}
