import type { Feature } from '../features';
import { pollCommands } from './commands';
import { pollFunctions } from './functions';

/** Quick polls: a question, 2-10 options, votes by button, the tally on close. */
export const pollFeature: Feature = { commands: pollCommands, functions: pollFunctions };
