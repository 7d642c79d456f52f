import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadPackage } from './load-package';

/** The SHA-1 of a YAML text, by which the build keeps what the text holds. */
export const yamlTextKey = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * YAML texts already parsed in this process, by their text: every app a process opens reads the
 * same flow scripts and catalogues. A changed file is a different text and is parsed again. Callers
 * get a copy of their own.
 */
const parsedTexts = new Map<string, unknown>();
const PARSED_TEXTS_KEPT = 200;

/**
 * Reads YAML texts, first looking in `parsedFile` (JSON: the text's SHA-1 -> what it holds, as JSON
 * text) and parsing as YAML only a text that is not there. A missing or unreadable file means
 * everything is parsed.
 */
export function yamlReader(parsedFile: URL | string): (text: string) => unknown {
  let parsed: Map<string, string> | undefined;
  const known = (): Map<string, string> => {
    if (parsed) return parsed;
    try {
      parsed = new Map(Object.entries(JSON.parse(readFileSync(parsedFile, 'utf8')) as Record<string, string>));
    } catch {
      parsed = new Map();
    }
    return parsed;
  };
  return (text) => {
    const json = known().get(yamlTextKey(text));
    if (json !== undefined) return JSON.parse(json) as unknown;
    if (!parsedTexts.has(text)) {
      const parsed = loadPackage<typeof import('yaml')>('yaml').parse(text) as unknown;
      if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value as string);
      parsedTexts.set(text, parsed);
    }
    return structuredClone(parsedTexts.get(text));
  };
}

/**
 * The data in a YAML text, as `yaml`'s `parse` gives it (and throwing as it does on a malformed
 * text). The build (bin/build.js) parses the YAML files shipped in prompts/ and the example community
 * once, into dist/yaml-parsed.json, so the bot starts without parsing them again (JSON is read many
 * times faster than YAML); a file edited since, or one of the community's own, is parsed as YAML.
 */
export const parseYaml = yamlReader(new URL('./yaml-parsed.json', import.meta.url));

/** A YAML text's mistake: what the parser says, and where (with the line as written), when it says. */
export interface YamlMistake {
  detail: string;
  line?: number;
  column?: number;
  text?: string;
}

/** Reads a parse error of `yaml` as one sentence and its place, instead of its "... at line 3, column 1:" and an excerpt. */
export function yamlMistake(error: unknown, source: string): YamlMistake {
  const first = ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
  const detail = first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
  const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (!at) return { detail };
  return { detail, line: at.line, column: at.col, text: (source.split(/\r?\n/)[at.line - 1] ?? '').trim() };
}
