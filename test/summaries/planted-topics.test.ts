/**
 * Topics planted in generated threads and report sets, in English and Chinese, must come out:
 * every topic holding 10% or more of a thread is named in its summary, and themes in reports have
 * a weighted purity of at least 0.8 with every planted topic the majority of a theme of its own.
 *
 * Two generators: `tuning` (the one the topic finder was tuned on) and `fresh` (other topics, words
 * and sentence shapes, written before any result on it was seen and never tuned on): the check that
 * counts is the fresh one.
 */
import { describe, expect, it } from 'vitest';
import { findThemes } from '../../src/summaries/themes';
import { arraySource, offlineTopicSummary } from '../../src/summaries/topics';
import { freshEn, freshZh } from '../fixtures/summaries/planted/fresh';
import { plant, type TopicSet } from '../fixtures/summaries/planted/generate';
import { labelNames, matchGroups } from '../fixtures/summaries/planted/measure';
import { tuningEn, tuningZh } from '../fixtures/summaries/planted/tuning';

const sets: { name: string; set: TopicSet }[] = [
  { name: 'tuning en', set: tuningEn },
  { name: 'tuning zh-CN', set: tuningZh },
  { name: 'fresh en', set: freshEn },
  { name: 'fresh zh-CN', set: freshZh },
];

/** Shares over the set's topics in order (the rest is chatter). */
function shares(set: TopicSet, values: number[]): Record<string, number> {
  return Object.fromEntries(values.map((value, i) => [set.topics[i]?.id ?? '', value]).filter(([id]) => id !== ''));
}

describe.each(sets)('planted topics ($name)', ({ set }) => {
  const threads = [
    { name: 'three topics, about half, a third and a fifth', shares: [0.47, 0.33, 0.2], count: 3000, seed: 21 },
    { name: 'five topics and small talk', shares: [0.3, 0.2, 0.15, 0.12, 0.1], count: 2000, seed: 22 },
  ];

  it.each(threads)('names every topic of 10% or more in the summary: $name', async (thread) => {
    const messages = plant(set, { shares: shares(set, thread.shares), count: thread.count, seed: thread.seed });
    const summary = await offlineTopicSummary(arraySource(messages));
    const labels = summary.topics.map((topic) => topic.label);
    for (const [id, share] of Object.entries(shares(set, thread.shares))) {
      if (share < 0.1) continue;
      const names = set.topics.find((topic) => topic.id === id)?.names ?? [];
      expect(labels.some((label) => labelNames(label, names)), `${id} in ${labels.join(' | ')}`).toBe(true);
    }
  }, 60_000);

  const reportSets = [
    { name: 'even', shares: [0.18, 0.18, 0.18, 0.18, 0.18], count: 600, seed: 31 },
    { name: 'uneven', shares: [0.4, 0.2, 0.15, 0.1, 0.1], count: 1000, seed: 32 },
    { name: 'small', shares: [0.25, 0.25, 0.25, 0.25], count: 80, seed: 33 },
  ];

  it.each(reportSets)('finds pure themes, one of its own for every topic: $name', ({ shares: values, count, seed }) => {
    const reports = plant(set, { shares: shares(set, values), count, seed, idPrefix: 'FB-' });
    const themes = findThemes(reports);
    const match = matchGroups(
      themes.map((theme) => ({ label: theme.label, ids: theme.memberIds })),
      new Map(reports.map((report) => [report.id, report.topic])),
    );
    expect(match.purity).toBeGreaterThanOrEqual(0.8);
    for (const id of Object.keys(shares(set, values))) expect(match.ownGroup.has(id), id).toBe(true);
  }, 60_000);
});
