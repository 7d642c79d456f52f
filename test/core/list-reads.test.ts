import { describe, expect, it } from 'vitest';
import { runsInList, runsNewestFirst } from '../../src/core/indexes';
import type { Run } from '../../src/flows/run';
import type { StateStore } from '../../src/state/store';

/** A list of `count` runs (oldest first, as lists keep them) on a store that counts the runs it reads. */
function listOf(count: number, shape: (n: number) => Partial<Run> = () => ({})) {
  const runs = new Map<string, Run>();
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = `r${n}`;
    ids.push(id);
    runs.set(id, { id, flowId: 'feedback', status: 'active', vars: {}, ...shape(n) } as Run);
  }
  const reads: number[] = [];
  const state = {
    members: async () => [...ids],
    getRuns: async (batch: string[]) => {
      reads.push(batch.length);
      return batch.map((id) => runs.get(id));
    },
    getRun: async (id: string) => runs.get(id),
  } as unknown as StateStore;
  return { state, reads, runs };
}

describe('reading a list of runs, newest first', () => {
  it('stops once it has what was asked: a new report among 600 reads under a hundred runs, not 500, and offers the same reports', async () => {
    // The newest 30 are closed; the rest open.
    const { state, reads } = listOf(600, (n) => ({ status: n >= 570 ? 'ended' : 'active' }));
    const open = await runsInList(state, 'list:feedback', { limit: 20, where: (run) => run.status !== 'ended', lookBack: 500 });
    expect(open.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, k) => `r${569 - k}`));
    const read = reads.reduce((a, b) => a + b, 0);
    expect(read).toBeLessThan(100);
    // The same as reading the newest 500 and filtering them.
    const all = await runsInList(state, 'list:feedback', { limit: 500 });
    expect(all).toHaveLength(500);
    expect(all.filter((run) => run.status !== 'ended').slice(0, 20)).toEqual(open);
  });

  it('looks back no further than asked, and leaves out runs no longer stored', async () => {
    const { state, runs } = listOf(100, (n) => ({ status: n % 2 === 0 ? 'active' : 'ended' }));
    runs.delete('r98');
    const open = await runsInList(state, 'list:feedback', { limit: 50, where: (run) => run.status !== 'ended', lookBack: 10 });
    // The ten newest runs still stored are r99, r97 to r89 (r98 is gone): four even ones among them.
    expect(open.map((r) => r.id)).toEqual(['r96', 'r94', 'r92', 'r90']);
  });

  it('reads a person\'s runs in growing batches, so the newest is found with one small read', async () => {
    const { state, reads } = listOf(300);
    for await (const run of runsNewestFirst(state, 'list:runs-of', 50)) {
      expect(run.id).toBe('r299');
      break;
    }
    expect(reads).toEqual([16]);
    const seen: string[] = [];
    for await (const run of runsNewestFirst(state, 'list:runs-of', 50)) seen.push(run.id);
    expect(seen).toHaveLength(300);
    expect(reads.slice(1)).toEqual([16, 50, 50, 50, 50, 50, 34]);
  });
});
