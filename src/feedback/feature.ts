import type { Feature } from '../features';
import { feedbackCommands } from './commands';
import { intakeFunctions } from './intake';
import { lifecycleFunctions } from './lifecycle';
import { reminderFunctions } from './reminders';

/** Resident feedback: intake, routing to the responsible party, status changes, reminders. */
export const feedbackFeature: Feature = {
  commands: feedbackCommands,
  functions: { ...intakeFunctions, ...lifecycleFunctions, ...reminderFunctions },
};
