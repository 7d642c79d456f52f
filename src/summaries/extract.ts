/**
 * The offline summary: picks the most central sentences of a discussion, word for word.
 *
 * Each sentence becomes a TF-IDF vector (sentences are the documents). A sentence's centrality is
 * its cosine to the centroid of all sentences, damped for sentences with very few terms ("Yes,
 * agreed."). The picks are made greedily by maximal marginal relevance:
 * centrality minus similarity to what is already picked, and a candidate too close to a
 * pick (a near-duplicate) is never taken. The picks come back in the order they were written, each
 * with the id of its message. Nothing is rewritten, so every line of the summary can be traced.
 *
 * Cost is linear in the text times the number of sentences asked for: sentences are never compared
 * pairwise, only with the centroid and with each pick.
 */
import { splitSentences } from './sentences';
import { cosine, dotDense, terms, weighTerms } from './terms';

export interface SourceMessage {
  id: string;
  text: string;
}

export interface ExtractedSentence {
  /** A sentence exactly as it appears in its message. */
  text: string;
  /** The id of the message the sentence comes from. */
  sourceId: string;
  /** Centrality in the discussion, 0..1, higher is more central. */
  score: number;
}

export interface ExtractOptions {
  /** How many sentences to pick at most; 5 unless told. */
  maxSentences?: number;
}

const DEFAULT_MAX_SENTENCES = 5;
/** Weight of centrality against novelty when picking. */
const RELEVANCE_WEIGHT = 0.7;
/** A candidate at least this similar to a pick is a near-duplicate and is skipped. */
const DUPLICATE_SIMILARITY = 0.6;
/** Sentences with fewer distinct terms than this have their centrality damped. */
const FULL_LENGTH_TERMS = 4;

interface Candidate {
  position: number;
  text: string;
  sourceId: string;
  centrality: number;
}

/** The most central, mutually distinct sentences of the messages, in their original order. */
export function extractSummary(messages: SourceMessage[], options: ExtractOptions = {}): ExtractedSentence[] {
  const maxSentences = Math.max(0, Math.floor(options.maxSentences ?? DEFAULT_MAX_SENTENCES));
  if (maxSentences === 0) return [];

  const sentences: { text: string; sourceId: string; terms: string[] }[] = [];
  for (const message of messages) {
    for (const text of splitSentences(message.text)) {
      const sentenceTerms = terms(text);
      if (sentenceTerms.length > 0) sentences.push({ text, sourceId: message.id, terms: sentenceTerms });
    }
  }
  if (sentences.length === 0) return [];

  const { vocabulary, vectors } = weighTerms(sentences.map((sentence) => sentence.terms));
  const centroid = new Float64Array(vocabulary.length);
  for (const vector of vectors) {
    for (let i = 0; i < vector.indices.length; i += 1) {
      const index = vector.indices[i] as number;
      centroid[index] = (centroid[index] as number) + (vector.weights[i] as number);
    }
  }
  let squares = 0;
  for (const weight of centroid) squares += weight * weight;
  const centroidLength = Math.sqrt(squares);

  const candidates: Candidate[] = sentences.map((sentence, position) => {
    const vector = vectors[position];
    const distinct = vector === undefined ? 0 : vector.indices.length;
    const raw = vector === undefined || centroidLength === 0 ? 0 : dotDense(vector, centroid) / centroidLength;
    return {
      position,
      text: sentence.text,
      sourceId: sentence.sourceId,
      centrality: raw * Math.min(1, distinct / FULL_LENGTH_TERMS),
    };
  });
  let top = 0;
  for (const candidate of candidates) top = Math.max(top, candidate.centrality);

  // Greedy maximal marginal relevance. `redundancy` holds each sentence's highest similarity to a
  // pick so far and is updated with the newest pick only, so each round is one pass over the text.
  const redundancy = new Float64Array(candidates.length);
  const picked: Candidate[] = [];
  const pickedTexts = new Set<string>();
  while (picked.length < maxSentences) {
    let best: Candidate | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const candidate of candidates) {
      const overlap = redundancy[candidate.position] as number;
      if (overlap >= DUPLICATE_SIMILARITY || pickedTexts.has(candidate.text.toLowerCase())) continue;
      const relevance = top > 0 ? candidate.centrality / top : 0;
      const value = RELEVANCE_WEIGHT * relevance - (1 - RELEVANCE_WEIGHT) * overlap;
      if (value > bestValue) {
        best = candidate;
        bestValue = value;
      }
    }
    if (best === undefined) break;
    picked.push(best);
    pickedTexts.add(best.text.toLowerCase());
    const pickVector = vectors[best.position];
    if (pickVector === undefined) continue;
    vectors.forEach((vector, position) => {
      redundancy[position] = Math.max(redundancy[position] as number, cosine(vector, pickVector));
    });
  }

  return picked
    .sort((a, b) => a.position - b.position)
    .map((pick) => ({ text: pick.text, sourceId: pick.sourceId, score: pick.centrality }));
}
