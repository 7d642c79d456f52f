import { describe, expect, it } from 'vitest';
import { loadToneLexicon } from '../../src/mediation/tone';
import { EXPECTED, describeScores, readLabelledSet, readSampleSet, scoreSamples } from './tone-samples';

/**
 * The development set was written first, split in two with a fixed seed before any tuning
 * (test/fixtures/tone/split-dev-set.ts), and only the `tune` half was used to shape the lexicons.
 * The `holdout` half measures the detector on sentences it was not tuned on.
 */
describe.each(['en', 'zh-CN'] as const)('tone guard on the %s development set', (locale) => {
  const lexicon = loadToneLexicon(locale);
  const tune = readSampleSet('tune', locale);
  const holdout = readSampleSet('holdout', locale);

  it('has at least 400 sentences, in at least eight kinds of hostility and eight of civil messages, in both halves', () => {
    expect(tune.length + holdout.length).toBeGreaterThanOrEqual(400);
    for (const half of [tune, holdout]) {
      const categories = new Set(half.map((sample) => sample.category));
      const hostile = [...categories].filter((c) => EXPECTED[c] !== 'ok');
      const civil = [...categories].filter((c) => EXPECTED[c] === 'ok');
      expect(hostile.length).toBeGreaterThanOrEqual(8);
      expect(civil.length).toBeGreaterThanOrEqual(8);
      const civilShare = half.filter((sample) => EXPECTED[sample.category] === 'ok').length / half.length;
      expect(civilShare).toBeGreaterThan(0.4);
      expect(civilShare).toBeLessThan(0.6);
    }
  });

  it('keeps the two halves apart: no sentence is in both', () => {
    const tuned = new Set(tune.map((sample) => sample.text));
    expect(holdout.filter((sample) => tuned.has(sample.text))).toEqual([]);
  });

  it('flags hostile and unsafe sentences it was not tuned on with precision and recall of at least 85%', () => {
    const tuned = scoreSamples(tune, lexicon);
    const heldOut = scoreSamples(holdout, lexicon);
    console.log(`${describeScores(`tone ${locale}, tuning half`, tuned)}\n${describeScores(`tone ${locale}, held-out half`, heldOut)}`);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('rarely flags a civil sentence in the sets written later (a wrong nudge offends)', () => {
    for (const set of ['tune-more', 'unseen', 'fresh', 'final', 'voices-tune', 'last', 'closing'] as const) {
      const scores = scoreSamples(readSampleSet(set, locale), lexicon);
      console.log(describeScores(`tone ${locale}, ${set}`, scores));
      expect(scores.precision).toBeGreaterThanOrEqual(0.85);
      expect(scores.safetyFalseAlarms).toBe(0);
    }
  });
});

/**
 * The sentences in many voices were written before the model was trained and split with a fixed
 * seed (split-dev-set.ts --from voices): `voices-tune` chose the thresholds and is never trained
 * on; `voices-holdout` is read by this test only.
 */
describe.each(['en', 'zh-CN'] as const)('tone guard on the %s sentences in many voices', (locale) => {
  const lexicon = loadToneLexicon(locale);
  const tune = readSampleSet('voices-tune', locale);
  const holdout = readSampleSet('voices-holdout', locale);

  it('keeps the two halves apart, each with hostile and civil sentences', () => {
    const tuned = new Set(tune.map((sample) => sample.text));
    expect(holdout.filter((sample) => tuned.has(sample.text))).toEqual([]);
    for (const half of [tune, holdout]) {
      expect(half.filter((sample) => EXPECTED[sample.category] === 'ok').length).toBeGreaterThan(20);
      expect(half.filter((sample) => EXPECTED[sample.category] !== 'ok').length).toBeGreaterThan(20);
    }
  });

  it('flags the held-out half with precision and recall of at least 85%', () => {
    const heldOut = scoreSamples(holdout, lexicon);
    console.log(describeScores(`tone ${locale}, voices held-out half`, heldOut));
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.safetyFalseAlarms).toBe(0);
  });

  it('finds, with the learned model, hostility that the patterns and structure alone let through', () => {
    const withModel = scoreSamples(holdout, lexicon);
    const patternsOnly = scoreSamples(holdout, { ...lexicon, model: undefined });
    expect(withModel.recall).toBeGreaterThan(patternsOnly.recall + 0.1);
    expect(withModel.precision).toBeGreaterThanOrEqual(patternsOnly.precision - 0.05);
  });
});

/**
 * A set written by someone else, split with a fixed seed per label and category before any tuning
 * (split-dev-set.ts --from other): `other-tune` chose the thresholds and was trained on;
 * `other-measure` is read by this test only. Both languages meet the goal there (Chinese recall
 * 0.87–0.91 over the last two models, close to the bar; see docs/tone.md).
 */
describe.each(['en', 'zh-CN'] as const)('tone guard on the %s sentences written by someone else', (locale) => {
  const lexicon = loadToneLexicon(locale);
  const tune = readLabelledSet('other-tune', locale);
  const measure = readLabelledSet('other-measure', locale);

  it('keeps the two halves apart, each with hostile and civil sentences of every category', () => {
    const tuned = new Set(tune.map((sample) => sample.text));
    expect(measure.filter((sample) => tuned.has(sample.text))).toEqual([]);
    const categories = (set: typeof tune): string[] => [...new Set(set.map((sample) => sample.theirCategory ?? sample.category))].sort();
    expect(categories(measure)).toEqual(categories(tune));
    expect(measure.filter((sample) => EXPECTED[sample.category] === 'ok').length).toBeGreaterThan(60);
    expect(measure.filter((sample) => EXPECTED[sample.category] !== 'ok').length).toBeGreaterThan(60);
  });

  it('flags the measured half with precision and recall of at least 85%', () => {
    const scores = scoreSamples(measure, lexicon);
    console.log(describeScores(`tone ${locale}, written by someone else, measured half`, scores));
    expect(scores.precision).toBeGreaterThanOrEqual(0.85);
    expect(scores.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('finds, with the learned model, far more of their hostility than the patterns and structure alone', () => {
    const withModel = scoreSamples(measure, lexicon);
    const patternsOnly = scoreSamples(measure, { ...lexicon, model: undefined });
    expect(withModel.recall).toBeGreaterThan(patternsOnly.recall + 0.2);
    expect(withModel.precision).toBeGreaterThanOrEqual(patternsOnly.precision - 0.05);
  });
});
