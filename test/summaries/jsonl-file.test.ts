import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eachJsonl, readLines, scanJsonl } from '../../src/summaries/jsonl-file';

const dir = mkdtempSync(join(tmpdir(), 'cg-jsonl-'));
const Item = z.object({ id: z.string(), text: z.string() });

async function collect(path: string, max?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of readLines(path, max)) out.push(line);
  return out;
}

describe('reading a JSONL file as a stream', () => {
  it('numbers lines, drops a \\r before \\n, and reads a last line without \\n', async () => {
    const path = join(dir, 'crlf.jsonl');
    writeFileSync(path, 'a\r\nb\n\nc');
    expect(await collect(path)).toEqual([{ line: 1, text: 'a' }, { line: 2, text: 'b' }, { line: 3, text: '' }, { line: 4, text: 'c' }]);
  });

  it('reads the first line of a file saved with a byte-order mark (Windows editors, spreadsheet exports) as JSON like the others', async () => {
    const path = join(dir, 'bom.jsonl');
    writeFileSync(path, '\uFEFF{"id":"m1","text":"The lift is broken"}\r\n{"id":"m2","text":"Still broken"}\r\n');
    expect(await scanJsonl(path, Item, 10)).toMatchObject({ valid: 2, invalid: 0, problems: [] });
  });

  it('reports a line longer than the limit without holding it, and goes on after it', async () => {
    const path = join(dir, 'long.jsonl');
    writeFileSync(path, `short\n${'x'.repeat(200_000)}\nafter\n`);
    expect(await collect(path, 1000)).toEqual([{ line: 1, text: 'short' }, { line: 2, tooLong: true }, { line: 3, text: 'after' }]);
  });

  it('counts valid and invalid lines, keeps a bounded sample in file order, and visits every valid item', async () => {
    const path = join(dir, 'items.jsonl');
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `m${i}`, text: `message ${i}` }));
    lines.splice(10, 0, '{"id": "no text"}', 'nonsense');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const scan = await scanJsonl(path, Item, 20);
    expect(scan).toMatchObject({ valid: 50, invalid: 2, problems: [{ line: 11, reason: 'fields' }, { line: 12, reason: 'json' }] });
    expect(scan.sample).toHaveLength(20);
    const order = scan.sample.map((item) => Number(item.id.slice(1)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await scanJsonl(path, Item, 20)).toEqual(scan);
    const seen: string[] = [];
    await eachJsonl(path, Item, (item) => seen.push(item.id));
    expect(seen).toHaveLength(50);
  });
});
