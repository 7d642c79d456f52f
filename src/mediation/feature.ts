import type { Feature } from '../features';
import { aiWriterFromEnv, type AiWriter } from '../summaries/ai-writer';
import { aiWordingCommands, aiWordingFunctions } from './ai-wording';
import { agreementFunctions } from './agreement';
import { mediationCommands, type KnowsUser } from './commands';
import { conductFunctions } from './conduct';
import { consentFunctions } from './consent';
import { followUpFunctions } from './follow-up';
import { createToneGuard, type Lexicons } from './guard';
import { createRelayFunctions } from './relay';
import { stageFunctions } from './stages';
import { loadToneLexicon, type ToneLexicon } from './tone';

export type { KnowsUser } from './commands';
export { purgeExpiredMediations } from './retention';

export interface MediationOptions {
  /** Checks that a named party is a real member; adapters that can look users up pass it in. */
  knowsUser?: KnowsUser;
  /** Where the tone lexicons live (prompts/tone by default). */
  toneDir?: string;
  /** Who writes AI-suggested wording (the model set by LLM_PROVIDER by default; none when unset). */
  writer?: AiWriter;
}

/**
 * Non-adversarial mediation: `/mediation open` and the commands of a mediation in progress, and the
 * named functions of prompts/flows/mediation.yaml. The tone lexicons (and their models) are read
 * once, when the first message of a mediation is read rather than at start, and kept, so that the
 * flow functions stay pure; `commonground validate` checks them.
 */
export function createMediationFeature(options: MediationOptions = {}): Feature {
  const loaded: Partial<Record<keyof Lexicons, ToneLexicon>> = {};
  const lexicons: Lexicons = {
    get en() {
      return (loaded.en ??= loadToneLexicon('en', options.toneDir));
    },
    get 'zh-CN'() {
      return (loaded['zh-CN'] ??= loadToneLexicon('zh-CN', options.toneDir));
    },
  };
  const writer = options.writer ?? aiWriterFromEnv();
  return {
    commands: [...mediationCommands(options.knowsUser), ...aiWordingCommands(writer)],
    functions: {
      ...consentFunctions,
      ...stageFunctions,
      ...agreementFunctions,
      ...followUpFunctions,
      ...conductFunctions,
      ...createRelayFunctions(lexicons, writer.available),
      ...aiWordingFunctions(writer),
      mediationToneGuard: createToneGuard(lexicons, writer.available),
    },
  };
}
