import { describe, expect, it } from 'vitest';
import { Outcome } from '../../src/evaluation/outcome';
import { checkOutcome } from '../../src/evaluation/outcome-check';
import { scenarioOutcomes } from '../fixtures/evaluation/scenario';

const good = scenarioOutcomes()[3] as Outcome;
const long = 'x'.repeat(65);

/** Each breaks one rule of the schema. */
const BAD: [string, unknown][] = [
  ['not an object', 'feedback.filed'],
  ['null', null],
  ['a list', [good]],
  ['no id', { ...good, id: undefined }],
  ['an empty id', { ...good, id: '' }],
  ['a long id', { ...good, id: long }],
  ['a number as id', { ...good, id: 7 }],
  ['time as text', { ...good, at: '2026-10-01' }],
  ['a fractional time', { ...good, at: 1.5 }],
  ['a negative time', { ...good, at: -1 }],
  ['an unsafe time', { ...good, at: 2 ** 60 }],
  ['NaN time', { ...good, at: Number.NaN }],
  ['an unknown mechanism', { ...good, mechanism: 'voting' }],
  ['no project', { ...good, project: undefined }],
  ['an empty project', { ...good, project: '' }],
  ['a long project', { ...good, project: long }],
  ['a missing stage', { ...good, stage: undefined }],
  ['a long stage', { ...good, stage: long }],
  ['an empty flow', { ...good, flow: '' }],
  ['a missing step', { ...good, step: undefined }],
  ['a numeric run', { ...good, run: 3 }],
  ['a type without area', { ...good, type: 'filed' }],
  ['a type in capitals', { ...good, type: 'Feedback.Filed' }],
  ['a type with three parts', { ...good, type: 'a.b.c' }],
  ['actors not a list', { ...good, actors: 'p_0000000000000001' }],
  ['a raw user id as actor', { ...good, actors: ['U12345'] }],
  ['an actor with capitals', { ...good, actors: ['p_00000000000000AB'] }],
  ['too many actors', { ...good, actors: Array.from({ length: 1001 }, () => 'p_0000000000000001') }],
  ['a long party', { ...good, party: long }],
  ['a missing party', { ...good, party: undefined }],
  ['data as a list', { ...good, data: ['FB-1'] }],
  ['data missing', { ...good, data: undefined }],
  ['free text in data', { ...good, data: { note: 'the tap leaks again' } }],
  ['a long code in data', { ...good, data: { ref: long } }],
  ['punctuation in data', { ...good, data: { ref: 'FB-1!' } }],
  ['an infinite number in data', { ...good, data: { hours: Number.POSITIVE_INFINITY } }],
  ['NaN in data', { ...good, data: { hours: Number.NaN } }],
  ['an object in data', { ...good, data: { nested: { a: 1 } } }],
  ['a list in data', { ...good, data: { refs: ['FB-1'] } }],
  ['undefined in data', { ...good, data: { ref: undefined } }],
  ['a long field name', { ...good, data: { [long]: 1 } }],
];

describe('the hand-written outcome check', () => {
  it.each(BAD)('refuses %s, as the schema does', (_, bad) => {
    expect(Outcome.safeParse(bad).success).toBe(false);
    expect(() => checkOutcome(bad)).toThrow(/Invalid outcome/);
  });

  it('accepts what the schema accepts and gives back the same outcome', () => {
    const samples = [
      ...scenarioOutcomes(),
      { ...good, stage: null, step: '', run: 'r-1', party: null, actors: [], data: {} },
      { ...good, data: { code: 'Ünïcødé_1.2:3+4-5', yes: true, none: null, zero: 0, negative: -2.5, empty: '' } },
      { ...good, extra: 'dropped' },
    ];
    for (const sample of samples) expect(checkOutcome(sample)).toEqual(Outcome.parse(sample));
  });
});
