import type { Feature } from '../features';
import { aiWriterFromEnv, type AiWriter } from '../summaries/ai-writer';
import { aiDraftCommands } from './ai-draft-commands';
import { dialogueCommands } from './commands';
import { createDraftAvailability } from './draft';
import { dialogueExport } from './export-command';
import { dialogueFunctions } from './functions';

/** Structured dialogue with a given model writer (tests pass one pointed at a local model double). */
export function createDialogueFeature(writer: AiWriter = aiWriterFromEnv()): Feature {
  return { commands: [...aiDraftCommands(writer), dialogueExport, ...dialogueCommands], functions: { ...dialogueFunctions, draftAvailability: createDraftAvailability(writer.available) } };
}

/** Structured dialogue: facilitated consultation with equal voice and found common ground. */
export const dialogueFeature: Feature = createDialogueFeature();
