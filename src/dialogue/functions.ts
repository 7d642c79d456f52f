import { buildsMessages, keysFor, type FlowFunctions } from '../flows/functions';
import { aiDraftFunctions } from './ai-draft';
import { closeDialogue } from './closing';
import { draftAvailability } from './draft';
import { nudgeQuiet, showShares } from './equal-voice';
import { dialogueRole, joinDialogue } from './membership';
import { markActionDone, openActions, recordAction, remindActions, removeAction } from './next-steps';
import { closeRequested, CONTROLS, enterPhase, extendPhase, noPhaseThere, phaseDue } from './phases';
import { addStatement, hideStatement } from './statements';
import { dialogueMessage } from './thread-messages';
import { castVote, dialogueChoice } from './voting';

/** Message keys the dialogue's functions build at run time. */
const BUILT = [...keysFor('dialogue.equality', ['even', 'fair', 'uneven']), ...keysFor('dialogue.vote', ['agree', 'disagree', 'pass']), ...keysFor('core.command', CONTROLS)];

/** The named functions `prompts/flows/dialogue.yaml` uses. */
export const dialogueFunctions: FlowFunctions = buildsMessages(BUILT, {
  dialogueRole,
  dialogueMessage,
  dialogueChoice,
  joinDialogue,
  enterPhase,
  extendPhase,
  phaseDue,
  closeRequested,
  noPhaseThere,
  nudgeQuiet,
  showShares,
  addStatement,
  hideStatement,
  castVote,
  draftAvailability,
  recordAction,
  removeAction,
  markActionDone,
  remindActions,
  openActions,
  closeDialogue,
  ...aiDraftFunctions,
});
