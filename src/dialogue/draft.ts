import { decides, type FlowFunction } from '../flows/functions';
import { readDialogue } from './state';

/**
 * Whether an AI-drafted common-ground statement can be offered to the facilitator: it needs a
 * configured language model and at least one agreed statement. Without a model the step is
 * skipped and the dialogue goes on without it.
 */
export function draftAvailable(modelConfigured: boolean, agreedStatements: number): boolean {
  return modelConfigured && agreedStatements > 0;
}

/** The `draft` branch of the flow: `available` or `skipped`. */
export function createDraftAvailability(modelConfigured: boolean): FlowFunction {
  return decides(['available', 'skipped'], (ctx) => (draftAvailable(modelConfigured, readDialogue(ctx.run).result?.consensus.length ?? 0) ? 'available' : 'skipped'));
}

/** The branch with no model configured (the step is always skipped). */
export const draftAvailability: FlowFunction = createDraftAvailability(false);
