import type { Feature } from '../features';
import { dialogueCommands } from './commands';
import { dialogueFunctions } from './functions';

/** Structured dialogue: facilitated consultation with equal voice and found common ground. */
export const dialogueFeature: Feature = { commands: dialogueCommands, functions: dialogueFunctions };
