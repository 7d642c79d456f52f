import { fileURLToPath } from 'node:url';

/** The repository's prompts folder (flows, messages, tone lexicons, summary prompts). */
export const PROMPTS_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));
export const EXAMPLE_COMMUNITY = fileURLToPath(new URL('../community.example.yaml', import.meta.url));
