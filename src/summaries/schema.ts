/**
 * What a summary is, whichever engine wrote it, and the schema a language model's answer must match.
 *
 * Every point cites the references (message ids, report references such as FB-0042) it came from.
 * A point from the offline engine is a sentence copied word for word; a point from a model is
 * AI-written and is never shown as a quote.
 */
import { z } from 'zod';

export const POINT_KINDS = ['point', 'common_ground', 'divisive', 'action'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

/** The structured answer asked of a model (via structured output). */
export const ModelSummary = z.object({
  points: z
    .array(
      z.object({
        kind: z.enum(POINT_KINDS).describe('point, common_ground, divisive or action'),
        text: z.string().describe('One short sentence in your own words, in the requested language'),
        sources: z.array(z.string()).describe('The ids of the messages this point comes from, exactly as given'),
      }),
    )
    .describe('The main points of the discussion, at most eight'),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** A single drafted sentence with its sources (the hooks for dialogue and mediation). */
export const ModelDraft = z.object({
  text: z.string().describe('The drafted sentence, in the requested language'),
  sources: z.array(z.string()).describe('The ids of the statements it is drawn from'),
});
export type ModelDraft = z.infer<typeof ModelDraft>;

export interface SummaryPoint {
  kind: PointKind;
  text: string;
  /** The references the point came from; never empty. */
  sources: string[];
}

/** Why a model summary was not used and the offline one was returned instead. */
export type FallbackReason = 'error' | 'timeout' | 'invalid';

export interface Summary {
  /** `offline`: sentences picked word for word. `llm`: written by AI from the messages. */
  engine: 'offline' | 'llm';
  points: SummaryPoint[];
  /** Set when a model was configured but its answer could not be used. */
  fallback?: FallbackReason;
}

/** One message of a discussion, as every summariser takes it. */
export interface SummaryMessage {
  id: string;
  author: string;
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
}
