import { afterEach, beforeEach, expect, it } from 'vitest';
import { METRICS, specFor } from '../../src/evaluation/metrics';
import { tallyOutcomes, type TallyingStore, type TallyRow } from '../../src/evaluation/metrics-tally';
import type { Outcome } from '../../src/evaluation/outcome';
import { scenarioOutcomes } from '../fixtures/evaluation/scenario';

export interface OpenedStore {
  store: TallyingStore;
  /** Opens the same log again, as after a restart. */
  reopen: () => Promise<TallyingStore>;
  /** Closes the store and puts its log back as the first version left it: no rollup tables. */
  rewind: () => Promise<void>;
  cleanup: () => Promise<void>;
}

const sortRows = (rows: TallyRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The behaviour every outcome store has; run once per store. */
export function outcomeStoreContract(open: () => Promise<OpenedStore>) {
  let opened: OpenedStore;
  const outcomes = scenarioOutcomes();
  beforeEach(async () => {
    opened = await open();
    await opened.store.append(outcomes);
  });
  afterEach(async () => {
    await opened.cleanup();
  });

  it('gives back what was appended, in time order, unchanged', async () => {
    const back = await opened.store.query({});
    expect(back).toHaveLength(outcomes.length);
    expect(back.map((o) => o.at)).toEqual([...outcomes].map((o) => o.at).sort((a, b) => a - b));
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    for (const o of back) expect(o).toEqual(byId.get(o.id));
  });

  it('filters by project, stage, party, mechanism, type, type prefix and time', async () => {
    const { store } = opened;
    expect((await store.query({ project: 'courtyard' })).map((o) => o.id)).toEqual(['b-fb9-filed', 'b-poll-closed']);
    expect(await store.count({ project: 'renewal', stage: 'building', types: ['feedback.filed'] })).toBe(2);
    expect(await store.count({ party: 'property' })).toBe(outcomes.filter((o) => o.party === 'property').length);
    expect(await store.count({ mechanism: 'mediation' })).toBe(outcomes.filter((o) => o.type.startsWith('mediation.')).length);
    expect(await store.count({ types: ['mediation.'] })).toBe(outcomes.filter((o) => o.type.startsWith('mediation.')).length);
    const from = Date.UTC(2026, 9, 1);
    const to = Date.UTC(2026, 9, 5);
    expect(await store.count({ from, to })).toBe(outcomes.filter((o) => o.at >= from && o.at < to).length);
  });

  it('ignores an outcome appended twice and refuses one that breaks the schema', async () => {
    await opened.store.append(outcomes.slice(0, 3));
    expect(await opened.store.count({})).toBe(outcomes.length);
    const bad = { ...(outcomes[0] as Outcome), id: 'bad', data: { note: 'free text with spaces' } };
    await expect(opened.store.append([bad])).rejects.toThrow();
    expect(await opened.store.count({ types: ['feedback.'] })).toBe(outcomes.filter((o) => o.type.startsWith('feedback.')).length);
  });

  it('keeps the log after a restart', async () => {
    await opened.store.close();
    opened.store = await opened.reopen();
    expect(await opened.store.count({})).toBe(outcomes.length);
  });

  it('tallies in SQL exactly as in memory', async () => {
    const spec = specFor(Object.values(METRICS));
    const own = outcomes.filter((o) => o.project === 'renewal');
    expect(sortRows(await opened.store.tally({ project: 'renewal' }, spec, { source: 'log' }))).toEqual(sortRows(tallyOutcomes(own, spec)));
  });

  it('keeps the rollup exactly equal to the in-memory tally, across batches, repeats and projects', async () => {
    const spec = specFor(Object.values(METRICS));
    const extra = outcomes.map((o, i) => ({ ...o, id: `${o.id}-copy`, at: o.at + i, stage: i % 2 ? o.stage : 'review' }));
    await opened.store.append([...extra.slice(0, 7), ...outcomes.slice(0, 5), extra[0] as Outcome]);
    await opened.store.append(extra.slice(5));
    const all = [...outcomes, ...extra];
    for (const project of ['renewal', 'courtyard']) {
      const own = all.filter((o) => o.project === project);
      const fromRollup = await opened.store.tally({ project }, spec);
      expect(sortRows(fromRollup)).toEqual(sortRows(tallyOutcomes(own, spec)));
      expect(sortRows(fromRollup)).toEqual(sortRows(await opened.store.tally({ project }, spec, { source: 'log' })));
    }
  });

  it('builds the rollup from the rows of a log written before the rollup existed', async () => {
    await opened.rewind();
    opened.store = await opened.reopen();
    const spec = specFor(Object.values(METRICS));
    const own = outcomes.filter((o) => o.project === 'renewal');
    expect(sortRows(await opened.store.tally({ project: 'renewal' }, spec))).toEqual(sortRows(tallyOutcomes(own, spec)));
    await opened.store.append([{ ...(outcomes[1] as Outcome), id: 'after-rebuild' }]);
    const after = [...own, { ...(outcomes[1] as Outcome), id: 'after-rebuild' }];
    expect(sortRows(await opened.store.tally({ project: 'renewal' }, spec))).toEqual(sortRows(tallyOutcomes(after, spec)));
  });
}
