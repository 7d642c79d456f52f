/**
 * A theme said many ways comes out as one topic, and a topic's quotes are about it (many-ways.ts:
 * threads of 60-400 messages with synonyms, noise said without the word "noise", and small talk).
 * Checked on the held-out seeds, which were not read while choosing the method.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { readWordFile } from '../../src/summaries/terms';
import { bare, manyWaysThreads, measure, SHARE_TOLERANCE, SMALL_TALK, type ManyWaysResult } from './many-ways';

const heldout = manyWaysThreads('heldout');
let results: ManyWaysResult[] | undefined;
const measured = async (): Promise<ManyWaysResult[]> => (results ??= await Promise.all(heldout.map(measure)));

describe('themes said many ways (held-out threads)', () => {
  it.each(heldout.map((thread) => [thread.seed, thread] as const))('seed %i: the noise theme is one topic near its true share', async (_seed, thread) => {
    const result = (await measured()).find((r) => r.seed === thread.seed) as ManyWaysResult;
    const noise = result.themes.find((theme) => theme.theme === 'noise');
    if (noise === undefined) return;
    const listed = result.topics.map((t) => `${t.label} ${(t.share * 100).toFixed(0)}% (${t.theme})`).join(' | ');
    expect(noise.topics, listed).toBe(1);
    expect(Math.abs(noise.shown - noise.share), listed).toBeLessThanOrEqual(SHARE_TOLERANCE + 1e-9);
  }, 30_000);

  it('finds every theme of 15% or more as one topic within 7 points in most threads', async () => {
    const all = await measured();
    expect(all.filter((r) => r.allFound).length / all.length).toBeGreaterThanOrEqual(0.5);
  }, 30_000);

  it('quotes messages about the topic they are quoted for', async () => {
    const all = await measured();
    const quotes = all.reduce((sum, r) => sum + r.quotes, 0);
    const belonging = all.reduce((sum, r) => sum + r.belonging, 0);
    expect(quotes).toBeGreaterThan(200);
    expect(belonging / quotes).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it('never quotes small talk nor names a topic with it', async () => {
    for (const result of await measured()) {
      expect(result.smallTalk, `seed ${result.seed}`).toBe(0);
      for (const topic of result.topics) {
        for (const word of topic.label.split(' / ')) expect(SMALL_TALK.has(bare(word)), `${topic.label} (seed ${result.seed})`).toBe(false);
      }
    }
  }, 30_000);
});

describe('the word tables (prompts/summaries/<locale>/words.json)', () => {
  it('are read as written, and a mistake in one stops with the file named rather than being ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-words-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ smallTalk: ['hi all'], sameTerm: { lift: ['elevator'] } }));
    expect(readWordFile(good)).toEqual({ smallTalk: ['hi all'], sameTerm: { lift: ['elevator'] } });
    expect(readWordFile(join(dir, 'none.json'))).toEqual({});
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "smallTalk": ["hi all", }');
    expect(() => readWordFile(broken)).toThrow(ConfigError);
    expect(() => readWordFile(broken)).toThrow(broken);
  });
});
