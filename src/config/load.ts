import { readFileSync } from 'node:fs';
import { parseYaml, yamlMistake } from '../core/yaml-text';
import { LOCALES } from './locales';
import type { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { OperatorWords } from '../operator-error';
import { operatorLocale, operatorSays } from '../operator-language';
import { checkIndicators } from '../evaluation/metrics';
import { Community } from './schema';
import { ConfigError } from './config-error';

export { ConfigError } from './config-error';

/**
 * Turns zod issues into lines like `projects[0].stages[1].end: use a date like 2026-03-01`. Given
 * the schema (and the data, for unions), a field it does not know is named with the closest field
 * it does (a likely typo).
 */
export function describeIssues(issues: z.core.$ZodIssue[], schema?: z.ZodType, words: OperatorWords = operatorSays, data?: unknown): string[] {
  const at = (path: PropertyKey[]) =>
    path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
  // Our own messages are keys of the command line's catalogue; zod's come worded (see zodErrorsIn).
  // They may name the field (the last name in the path) and the languages.
  const worded = (message: string, path: PropertyKey[] = []) =>
    message.startsWith('cli.config.') ? words(message, { field: String([...path].reverse().find((part) => typeof part === 'string') ?? ''), locales: LOCALES.join(', ') }) : message;
  return issues.flatMap((issue) => {
    const path = at(issue.path);
    // A value that must be one of a few words (a step's `kind`), with the words it may be.
    const choice = issue as { discriminator?: unknown; options?: unknown };
    if (issue.code === 'invalid_union' && choice.discriminator !== undefined && Array.isArray(choice.options)) {
      const value = issue.path.reduce<unknown>((v, part) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[part] : undefined), data);
      const options = choice.options.map(String).join(', ');
      const field = String(choice.discriminator);
      return [`${path || '(top level)'}: ${value === undefined ? words('cli.config.missing_one', { field, options }) : words('cli.config.not_one', { field, value: String(value), options })}`];
    }
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? fieldsAt(schema, issue.path, data) : [];
      return issue.keys.map((key) => {
        const near = closest(key, known);
        return `${at([...issue.path, key])}: ${near ? words('cli.config.unknown_field_near', { near }) : words('cli.config.unknown_field')}`;
      });
    }
    // A bad record key (e.g. a step id) carries the reason in its own issues.
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    const missing = issue.code === 'invalid_type' && /received undefined$|实际接收 undefined$/.test(issue.message);
    return [`${path || '(top level)'}: ${inner !== undefined ? worded(inner, issue.path) : missing ? words('cli.config.missing') : worded(issue.message, issue.path)}`];
  });
}

/** zod's own messages in the operator's language: its Chinese wording when they read Chinese. */
export function zodErrorsIn(env: NodeJS.ProcessEnv = process.env): { error: ReturnType<typeof zhCN>['localeError'] } | undefined {
  return operatorLocale(env) === 'zh-CN' ? { error: zhCN().localeError } : undefined;
}

/**
 * The field names an object schema has at a path of the data (array indexes, records, defaults
 * looked through; of a union, the option the data's discriminator names, e.g. a step's `kind`).
 */
function fieldsAt(schema: z.ZodType, path: PropertyKey[], data?: unknown): string[] {
  type Def = {
    type: string;
    shape?: Record<string, z.ZodType>;
    innerType?: z.ZodType;
    element?: z.ZodType;
    valueType?: z.ZodType;
    options?: z.ZodType[];
    discriminator?: string;
    values?: unknown[];
    in?: z.ZodType;
    out?: z.ZodType;
  };
  const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = (s: z.ZodType): z.ZodType => {
    const def = defOf(s);
    if (def.innerType) return unwrap(def.innerType);
    // A preprocessed value is checked by what follows the preprocessing.
    if (def.type === 'pipe' && def.in && def.out) return unwrap(defOf(def.in).type === 'transform' ? def.out : def.in);
    return s;
  };
  const child = (value: unknown, part: PropertyKey): unknown => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined);
  /** The option of a union the value is meant for, by its discriminator (its own schema otherwise). */
  const chosen = (s: z.ZodType, value: unknown): z.ZodType | undefined => {
    const def = defOf(s);
    if (def.type !== 'union') return s;
    const key = def.discriminator;
    if (key === undefined) {
      // Without a discriminator, a union of one object and other values (a role or a keyword).
      const objects = (def.options ?? []).map(unwrap).filter((o) => defOf(o).type === 'object');
      return objects.length === 1 ? objects[0] : undefined;
    }
    const option = def.options?.find((o) => {
      const field = defOf(o).shape?.[key];
      return field !== undefined && (defOf(field).values ?? []).includes(child(value, key));
    });
    return option && unwrap(option);
  };
  let current: z.ZodType | undefined = chosen(unwrap(schema), data);
  let value = data;
  for (const part of path) {
    const def: Def | undefined = current && defOf(current);
    value = child(value, part);
    if (def?.type === 'array' && typeof part === 'number' && def.element) current = unwrap(def.element);
    else if (def?.type === 'record' && typeof part === 'string' && def.valueType) current = unwrap(def.valueType);
    else if (def?.type === 'object' && typeof part === 'string' && def.shape?.[part]) current = unwrap(def.shape[part]);
    else return [];
    current = chosen(current, value);
  }
  const shape = current && defOf(current).shape;
  return shape ? Object.keys(shape) : [];
}

/** The known name a mistyped one most likely meant: at most a third of its letters apart, else none. */
function closest(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

export function parseYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, [operatorSays('cli.config.unreadable')]);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const { detail, line, column, text: written } = yamlMistake(error, text);
    throw new ConfigError(file, [
      line === undefined ? operatorSays('cli.config.not_yaml', { detail }) : operatorSays(written ? 'cli.config.not_yaml_at' : 'cli.config.not_yaml_at_empty', { detail, line, column: column ?? 1, text: written ?? '' }),
    ]);
  }
}

/** Loads and checks a community configuration; throws ConfigError naming every bad field. */
export function loadCommunity(file: string): Community {
  return checkCommunity(parseYamlFile(file), file);
}

export function checkCommunity(data: unknown, file = 'community configuration'): Community {
  const words = operatorSays;
  if (data === null || data === undefined) throw new ConfigError(file, [words('cli.config.empty')]);
  const result = Community.safeParse(data, zodErrorsIn());
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues, Community, words));
  const community = result.data;
  const problems: string[] = [];
  const parties = new Set(community.parties.map((p) => p.id));
  community.projects.forEach((project, pi) => {
    const categories = new Set(project.categories.map((c) => c.id));
    project.charter.forEach((entry, ci) => {
      if (!parties.has(entry.party)) problems.push(`projects[${pi}].charter[${ci}].party: ${words('cli.config.no_party', { party: entry.party })}`);
      entry.categories.forEach((category, k) => {
        if (!categories.has(category)) problems.push(`projects[${pi}].charter[${ci}].categories[${k}]: ${words('cli.config.no_category', { category, where: `projects[${pi}].categories` })}`);
      });
    });
    project.categories.forEach((category, k) => {
      if (!project.charter.some((entry) => entry.categories.includes(category.id))) problems.push(`projects[${pi}].categories[${k}]: ${words('cli.config.category_unhandled', { category: category.id })}`);
    });
    project.stages.forEach((stage, si) => {
      if (stage.end < stage.start) problems.push(`projects[${pi}].stages[${si}].end: ${words('cli.config.ends_before_start')}`);
    });
  });
  problems.push(...duplicates(community.projects.map((p) => p.id), 'projects', words));
  problems.push(...duplicates(community.parties.map((p) => p.id), 'parties', words));
  community.projects.forEach((project, pi) => {
    problems.push(...duplicates(project.stages.map((s) => s.id), `projects[${pi}].stages`, words));
    problems.push(...duplicates(project.categories.map((c) => c.id), `projects[${pi}].categories`, words));
  });
  problems.push(...channelProblems(community, words));
  problems.push(...checkIndicators(community, words));
  if (problems.length > 0) throw new ConfigError(file, problems);
  return community;
}

function duplicates(ids: string[], at: string, words: OperatorWords): string[] {
  return ids.flatMap((id, i) => (ids.indexOf(id) !== i ? [`${at}[${i}].id: ${words('cli.config.used_twice', { id })}`] : []));
}

/** A channel given a language must be one the bot posts to: the home or coordinators' channel, or a party's. */
function channelProblems(community: Community, words: OperatorWords): string[] {
  const known = new Set([community.homeChannel, community.coordinatorChannel, ...community.parties.map((p) => p.channel)]);
  return Object.keys(community.channelLocales)
    .filter((channel) => !known.has(channel))
    .map((channel) => `channelLocales.${channel}: ${words('cli.config.channel', { channel, channels: [...known].join(', ') })}`);
}

/** The responsible party for a category in a project, with its charter entry. */
export function partyForCategory(community: Community, projectId: string, categoryId: string) {
  const project = community.projects.find((p) => p.id === projectId);
  const entry = project?.charter.find((c) => c.categories.includes(categoryId));
  const party = entry && community.parties.find((p) => p.id === entry.party);
  return party && entry ? { party, entry } : undefined;
}
