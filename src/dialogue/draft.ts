import type { Community } from '../config/schema';
import type { FlowContext } from '../flows/functions';
import { readDialogue } from './state';

/** The language model a community has configured; none until the summaries work adds a provider. */
function languageModel(_community: Community): string | null {
  return null;
}

/**
 * Whether an AI-drafted common-ground statement can be offered to the facilitator: it needs a
 * configured language model and at least one agreed statement. Without a model the step is
 * skipped and the dialogue goes on without it.
 */
export function draftAvailable(community: Community, agreedStatements: number): boolean {
  return languageModel(community) !== null && agreedStatements > 0;
}

/** The `draft` branch of the flow: `available` or `skipped`. */
export function draftAvailability(ctx: FlowContext): string {
  const agreed = readDialogue(ctx.run).result?.consensus.length ?? 0;
  return draftAvailable(ctx.community, agreed) ? 'available' : 'skipped';
}
