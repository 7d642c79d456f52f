import { coreCommands } from './core/core-commands';
import type { CommandSpec } from './core/commands';
import type { FlowFunctions } from './flows/functions';
import { builtinFunctions } from './flows/builtin-functions';
import { dialogueFeature } from './dialogue/feature';
import { feedbackFeature } from './feedback/feature';
import { pollFeature } from './polls/feature';
import { noticeFeature } from './notices/feature';
import { createMediationFeature } from './mediation/feature';
import { summaryFeature } from './summaries/feature';
import { evaluationFeature } from './evaluation/commands';
import { privacyFeature } from './privacy/commands';

/** A feature contributes commands and the named functions its flow scripts use. */
export interface Feature {
  commands: CommandSpec[];
  functions: FlowFunctions;
}

/** Every feature of the bot, in the order /help lists them. Wired explicitly: nothing is auto-loaded. */
export const features: Feature[] = [{ commands: coreCommands, functions: builtinFunctions }, feedbackFeature, noticeFeature, pollFeature, dialogueFeature, createMediationFeature(), summaryFeature, evaluationFeature, privacyFeature];

export function allCommands(list: Feature[] = features): CommandSpec[] {
  return list.flatMap((f) => f.commands);
}

export function allFunctions(list: Feature[] = features): FlowFunctions {
  return Object.assign({}, ...list.map((f) => f.functions)) as FlowFunctions;
}
