/**
 * Benchmark of the offline summaries: extractive summary of a long thread, themes in a large
 * feedback set, and the memory the process holds afterwards. The data is synthetic but has real
 * structure: messages and reports are built from topic word pools with a seeded generator, so every
 * run measures the same input.
 */
import { extractSummary } from '../summaries/extract';
import { findThemes } from '../summaries/themes';
import type { SourceMessage } from '../summaries/extract';
import type { BenchFigure, BenchSuite } from './figures';
import { quantile, timeIt } from './figures';
import { seededRandom } from '../core/seeded-random';

const THREAD_MESSAGES = 10_000;
const FEEDBACK_REPORTS = 5_000;
const RUNS = 3;

interface Topic {
  subjects: string[];
  problems: string[];
  wishes: string[];
}

const TOPICS: Topic[] = [
  {
    subjects: ['the lift', 'the elevator', 'the lift in block 3', 'the lift button'],
    problems: ['is broken again', 'stopped between floors', 'makes a grinding noise', 'does not close', 'has been out of service for days'],
    wishes: ['please send a lift engineer', 'older residents cannot climb the stairs', 'the lift needs regular maintenance'],
  },
  {
    subjects: ['the rubbish bins', 'the recycling bins', 'the bins by the gate', 'the food waste bins', 'the rubbish collection'],
    problems: ['are overflowing', 'smell terrible in the heat', 'were not emptied this week', 'attract flies and foxes', 'was missed again'],
    wishes: ['please collect the rubbish more often', 'we need more bins', 'the bins should be cleaned'],
  },
  {
    subjects: ['the street light', 'the light in the underpass', 'the lamp post by the corner', 'the path lighting'],
    problems: ['is out', 'flickers all night', 'has been dark for weeks', 'is broken', 'stays on during the day'],
    wishes: ['walking home in the dark feels unsafe', 'please replace the bulb', 'the council should fix the lights'],
  },
  {
    subjects: ['the music upstairs', 'the building site', 'the bar on the corner', 'the karaoke next door', 'the drilling'],
    problems: ['is loud until midnight', 'starts at six in the morning', 'keeps the whole block awake', 'goes on past midnight', 'never stops at weekends'],
    wishes: ['quiet hours should be respected', 'please talk to the neighbours about the noise', 'nobody can sleep'],
  },
  {
    subjects: ['the playground', 'the park benches', 'the swings', 'the sandpit', 'the football pitch'],
    problems: ['is damaged', 'needs repainting', 'has broken glass around it', 'is closed for repairs', 'floods after rain'],
    wishes: ['children need a safe place to play', 'please repair the playground', 'more benches for parents would help'],
  },
  {
    subjects: ['the bicycle shed', 'the parking spaces', 'the car park gate', 'the electric scooters', 'the delivery vans'],
    problems: ['is full every evening', 'block the fire lane', 'is broken and stays open', 'are parked on the pavement', 'park across the entrance'],
    wishes: ['we need more bicycle racks', 'the fire lane must stay clear', 'parking rules should be enforced'],
  },
];

const FILLERS = ['I agree.', 'Thanks for raising this.', 'Same here.', 'Good point.', 'Any news on this?'];

function pick<T>(random: () => number, values: T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function report(random: () => number, topic: Topic): string {
  const first = `${capitalise(pick(random, topic.subjects))} ${pick(random, topic.problems)}.`;
  return random() < 0.6 ? `${first} ${capitalise(pick(random, topic.wishes))}.` : first;
}

/** A long discussion that drifts between topics, with short replies in between. */
export function syntheticThread(size: number, seed = 1): SourceMessage[] {
  const random = seededRandom(seed);
  const messages: SourceMessage[] = [];
  let topic = pick(random, TOPICS);
  for (let i = 0; i < size; i += 1) {
    if (random() < 0.02) topic = pick(random, TOPICS);
    const text = random() < 0.15 ? pick(random, FILLERS) : report(random, topic);
    messages.push({ id: `m${i + 1}`, text });
  }
  return messages;
}

/** Feedback reports spread over the topics. */
export function syntheticReports(size: number, seed = 2): SourceMessage[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => ({ id: `FB-${i + 1}`, text: report(random, pick(random, TOPICS)) }));
}

const MEGABYTE = 1024 * 1024;

export const summariesBench: BenchSuite = async (progress) => {
  const thread = syntheticThread(THREAD_MESSAGES);
  const reports = syntheticReports(FEEDBACK_REPORTS);

  progress(`offline summary of a ${THREAD_MESSAGES}-message thread`);
  const summaryTimes: number[] = [];
  for (let run = 0; run < RUNS; run += 1) summaryTimes.push(await timeIt(() => extractSummary(thread)));

  progress(`themes in ${FEEDBACK_REPORTS} feedback reports`);
  const themeTimes: number[] = [];
  let themeCount = 0;
  for (let run = 0; run < RUNS; run += 1) {
    themeTimes.push(await timeIt(() => {
      themeCount = findThemes(reports).length;
    }));
  }
  progress(`found ${themeCount} themes`);

  const memory = process.memoryUsage();
  const figures: BenchFigure[] = [
    { name: `offline summary ${THREAD_MESSAGES} messages (median)`, value: round(quantile(summaryTimes, 0.5)), unit: 'ms', goal: '< 1000 ms' },
    { name: `themes ${FEEDBACK_REPORTS} reports (median)`, value: round(quantile(themeTimes, 0.5)), unit: 'ms', goal: '< 2000 ms' },
    { name: 'summaries process RSS', value: round(memory.rss / MEGABYTE), unit: 'MB', goal: '< 300 MB' },
    { name: 'summaries heap used', value: round(memory.heapUsed / MEGABYTE), unit: 'MB', goal: '< 300 MB' },
  ];
  return figures;
};

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
