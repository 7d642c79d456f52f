import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { yamlReader, yamlTextKey } from '../../src/core/yaml-text';

describe('YAML parsed at build time', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const parsedFile = (entries: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-yaml-'));
    dirs.push(dir);
    const file = join(dir, 'yaml-parsed.json');
    writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(entries).map(([text, data]) => [yamlTextKey(text), JSON.stringify(data)]))));
    return file;
  };

  it('reads a prompt file unchanged since the build from what the build kept', () => {
    const text = 'greeting: Hello\n';
    const read = yamlReader(parsedFile({ [text]: { greeting: 'Hello (as built)' } }));
    expect(read(text)).toEqual({ greeting: 'Hello (as built)' });
  });

  it('reads a prompt file edited after the build as it now is', () => {
    const read = yamlReader(parsedFile({ 'greeting: Hello\n': { greeting: 'Hello' } }));
    expect(read('greeting: Welcome\n')).toEqual({ greeting: 'Welcome' });
  });

  it('parses everything when there is no build, and refuses malformed YAML as before', () => {
    const read = yamlReader(join(tmpdir(), 'no-such-folder', 'yaml-parsed.json'));
    expect(read('steps:\n  - ask\n  - end\n')).toEqual({ steps: ['ask', 'end'] });
    expect(() => read('a: [1, 2\n')).toThrow();
  });

  it('gives each reader its own copy, so one change does not reach the next', () => {
    const text = 'list: [a]\n';
    const read = yamlReader(parsedFile({ [text]: { list: ['a'] } }));
    (read(text) as { list: string[] }).list.push('b');
    expect(read(text)).toEqual({ list: ['a'] });
  });
});
