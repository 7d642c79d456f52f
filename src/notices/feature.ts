import type { Feature } from '../features';
import { noticeCommands } from './commands';
import { noticeFunctions } from './functions';

/** Policy notices: published with an explanation, understood or asked about, questions answered. */
export const noticeFeature: Feature = { commands: noticeCommands, functions: noticeFunctions };
