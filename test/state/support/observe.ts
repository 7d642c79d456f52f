import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Run } from '../../../src/flows/run';
import { referenceKey } from '../../../src/core/indexes';
import { basicIndexOf } from '../../../src/state/index-keys';

/**
 * What a data folder holds about its runs, read straight from the SQLite files: the runs (with ids,
 * references and platform message ids replaced, as they differ between two processes), index keys
 * missing or left pointing where they should not, pending timers, the outbox, and the outcome log.
 * `nameOf` names a run the same way in every folder.
 */
export function observe(dir: string, nameOf: (run: Run, order: number) => string) {
  const state = new Database(join(dir, 'state.sqlite'), { readonly: true, fileMustExist: true });
  const outcomesDb = new Database(join(dir, 'outcomes.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = state.prepare('SELECT key, value FROM kv ORDER BY rowid').all() as { key: string; value: string }[];
    const runs = rows.filter((r) => r.key.startsWith('run:')).map((r) => (JSON.parse(r.value) as { data: Run }).data);
    const names = new Map(runs.map((run, order) => [run.id, nameOf(run, order)]));
    const anonymise = (text: string) =>
      runs.reduce((out, run) => out.split(run.id).join(`<${names.get(run.id) ?? '?'}>`), text.replace(/\b(FB|M|P|N)-\d+\b/g, '$1-n'));
    const normalised = runs.map((run) => anonymise(JSON.stringify({ ...run, id: undefined, seq: undefined, messages: undefined }))).sort();
    const pointers = rows.filter((r) => /^(await|space|rec):/.test(r.key)).map((r) => [r.key, (JSON.parse(r.value) as { data: unknown }).data] as const);
    // Every run's waiting answers and space, and the reference a report, poll, notice or mediation goes by.
    const indexOf = (run: Run) => ({ ...basicIndexOf(run).names, ...(typeof run.vars.ref === 'string' ? { [referenceKey(run.flowId, run.vars.ref)]: run.id } : {}) });
    const wanted = new Map(runs.flatMap((run) => Object.entries(indexOf(run))));
    const stale = pointers.filter(([key, runId]) => wanted.has(key) ? wanted.get(key) !== runId : /^await:/.test(key)).map(([key]) => anonymise(key));
    const missing = [...wanted.keys()].filter((key) => !pointers.some(([k]) => k === key)).map(anonymise);
    const timers = (state.prepare('SELECT run, name, at FROM timers ORDER BY at, name').all() as { run: string; name: string; at: number }[]).map(
      (t) => `${names.get(t.run) ?? '?'}:${t.name}@${t.at}`,
    );
    const outbox = (state.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    const outcomes = (outcomesDb.prepare('SELECT run, type FROM outcomes ORDER BY seq').all() as { run: string | null; type: string }[])
      .map((o) => `${names.get(o.run ?? '') ?? '-'}:${o.type}`)
      .sort();
    return { runs: normalised, stale, missing, timers, outbox, outcomes };
  } finally {
    state.close();
    outcomesDb.close();
  }
}
