/**
 * Every topic with a fifth of the messages or more is listed in the summary, also a topic written
 * many ways with few words in common (topic-recall.ts: the `noise` topic at 20% or more of each
 * thread, next to other topics and small talk). A coordinator reading the summary must learn that a
 * fifth of the residents spoke about it. The held-out half was not read while changing the method.
 */
import { describe, expect, it } from 'vitest';
import { recallThreads, topicRecall } from './topic-recall';

describe.each(['heldout', 'tuning'] as const)('topics of a fifth or more (%s half)', (half) => {
  it.each(recallThreads(half).map((thread) => [thread.name, thread] as const))('%s: every one is listed', (_name, thread) => {
    const recall = topicRecall(thread);
    const listed = recall.listed.map((l) => `${l.label} ${(l.share * 100).toFixed(1)}% (${l.topic})`).join(' | ');
    expect(recall.planted.length).toBeGreaterThan(0);
    expect(recall.found, listed).toEqual(recall.planted);
  }, 30_000);
});
