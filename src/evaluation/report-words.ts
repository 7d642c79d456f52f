import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../core/yaml-text';
import type { Locale } from '../config/schema';
import { PROMPTS_DIR } from '../paths';

/** The report's words in one locale: `report.<key>` from prompts/messages/<locale>/report.yaml. */
export type ReportWords = Readonly<Record<string, string>>;

export function loadReportWords(locale: Locale): ReportWords {
  const file = join(PROMPTS_DIR, 'messages', locale, 'report.yaml');
  const data = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(data).map(([key, text]) => [key, String(text)]));
}

/** The text for `report.<key>` with `{name}` placeholders filled; the key itself when missing. */
export function say(words: ReportWords, key: string, values: Record<string, string | number> = {}): string {
  const text = words[`report.${key}`] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
