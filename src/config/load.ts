import { readFileSync } from 'node:fs';
import { loadPackage } from '../core/load-package';
import type { z } from 'zod';
import { checkIndicators } from '../evaluation/metrics';
import { Community } from './schema';

/** A configuration or script problem that names the file and the field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into lines like `projects[0].stages[1].end: use a date like 2026-03-01`. */
export function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
      .join('');
    // A bad record key (e.g. a step id) carries the reason in its own issues.
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    return `${path || '(top level)'}: ${inner ?? issue.message}`;
  });
}

/**
 * YAML text already parsed in this process, by its text: every app a process opens reads the same
 * flow scripts and catalogues, whose parsing is most of the cost of opening one. A changed file is
 * a different text and is parsed again. Callers get a copy of their own.
 */
const parsedTexts = new Map<string, unknown>();
const PARSED_TEXTS_KEPT = 200;

/** Parses YAML text (throws the parser's error on invalid YAML). */
export function parseYaml(text: string): unknown {
  if (!parsedTexts.has(text)) {
    const parsed = loadPackage<typeof import('yaml')>('yaml').parse(text) as unknown;
    if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value as string);
    parsedTexts.set(text, parsed);
  }
  return structuredClone(parsedTexts.get(text));
}

export function parseYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, ['the file cannot be read: check the path']);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** Loads and checks a community configuration; throws ConfigError naming every bad field. */
export function loadCommunity(file: string): Community {
  return checkCommunity(parseYamlFile(file), file);
}

export function checkCommunity(data: unknown, file = 'community configuration'): Community {
  const result = Community.safeParse(data);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  const community = result.data;
  const problems: string[] = [];
  const parties = new Set(community.parties.map((p) => p.id));
  community.projects.forEach((project, pi) => {
    const categories = new Set(project.categories.map((c) => c.id));
    project.charter.forEach((entry, ci) => {
      if (!parties.has(entry.party)) problems.push(`projects[${pi}].charter[${ci}].party: no responsible party "${entry.party}" in parties`);
      entry.categories.forEach((category, k) => {
        if (!categories.has(category))
          problems.push(`projects[${pi}].charter[${ci}].categories[${k}]: no category "${category}" in projects[${pi}].categories`);
      });
    });
    project.categories.forEach((category, k) => {
      if (!project.charter.some((entry) => entry.categories.includes(category.id)))
        problems.push(`projects[${pi}].categories[${k}]: no responsible party in the charter handles "${category.id}"`);
    });
    project.stages.forEach((stage, si) => {
      if (stage.end < stage.start) problems.push(`projects[${pi}].stages[${si}].end: ends before it starts`);
    });
  });
  problems.push(...duplicates(community.projects.map((p) => p.id), 'projects'));
  problems.push(...duplicates(community.parties.map((p) => p.id), 'parties'));
  community.projects.forEach((project, pi) => {
    problems.push(...duplicates(project.stages.map((s) => s.id), `projects[${pi}].stages`));
    problems.push(...duplicates(project.categories.map((c) => c.id), `projects[${pi}].categories`));
  });
  problems.push(...channelProblems(community));
  problems.push(...checkIndicators(community));
  if (problems.length > 0) throw new ConfigError(file, problems);
  return community;
}

function duplicates(ids: string[], at: string): string[] {
  return ids.flatMap((id, i) => (ids.indexOf(id) !== i ? [`${at}[${i}].id: "${id}" is used twice`] : []));
}

/** A channel given a language must be one the bot posts to: the home or coordinators' channel, or a party's. */
function channelProblems(community: Community): string[] {
  const known = new Set([community.homeChannel, community.coordinatorChannel, ...community.parties.map((p) => p.channel)]);
  return Object.keys(community.channelLocales)
    .filter((channel) => !known.has(channel))
    .map((channel) => `channelLocales.${channel}: no channel "${channel}" is used here; the channels are ${[...known].join(', ')}`);
}

/** The responsible party for a category in a project, with its charter entry. */
export function partyForCategory(community: Community, projectId: string, categoryId: string) {
  const project = community.projects.find((p) => p.id === projectId);
  const entry = project?.charter.find((c) => c.categories.includes(categoryId));
  const party = entry && community.parties.find((p) => p.id === entry.party);
  return party && entry ? { party, entry } : undefined;
}
