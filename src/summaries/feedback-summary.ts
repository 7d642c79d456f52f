/**
 * `/summary feedback [project] [category] [period]`: the themes of residents' reports. Each theme
 * has its label, a count, the breakdown by status, and two or three representative excerpts,
 * shortened and with personal data and names hidden, each with its reference (FB-0042).
 *
 * Reports are read from the core's index of feedback runs; each run holds its report
 * (`vars.ref`, `vars.report.what`, `vars.category`, `vars.status`, `vars.filedAt`).
 */
import { localText, type Community, type Locale } from '../config/schema';
import type { Run } from '../flows/run';
import type { CommandContext } from '../core/commands';
import { choicesOf, listOf } from '../core/wording';
import { redactPersonalData } from './redact';
import type { Translate } from './render';
import { findThemes } from './themes';
import { counted } from './topic-render';
import { statusWord } from './thread-summary';

export interface FeedbackReport {
  ref: string;
  project: string | null;
  /** The stage the report was filed in (null for a run that did not record one). */
  stage: string | null;
  category: string;
  status: string;
  filedAt: number;
  text: string;
  /** Names of the people in the report's run, hidden from excerpts. */
  names: string[];
}

export interface FeedbackFilter {
  project?: string;
  category?: string;
  /** Only reports filed at or after this time. */
  since?: number;
  /** Words that name no project, category or period (a typo): said, rather than summarising everything. */
  unknown?: string[];
}

const LOOK_BACK = 2000;
const EXCERPT_CHARS = 90;
const MAX_THEMES = 6;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function reportOf(run: Run, ref: string): FeedbackReport | null {
  const status = str(run.vars.status);
  const report = run.vars.report;
  const what = typeof report === 'object' && report !== null && !Array.isArray(report) ? str(report.what) : '';
  if (!status || !what) return null;
  const filedAt = typeof run.vars.filedAt === 'number' ? run.vars.filedAt : run.startedAt;
  return { ref, project: run.project, stage: run.stage, category: str(run.vars.category), status, filedAt, text: what, names: run.participants.map((p) => p.name) };
}

/** Every filed report, oldest first (the newest few hundred), from the core's index of feedback runs. */
export async function readFeedbackReports(ctx: Pick<CommandContext, 'runsOfFlow'>): Promise<FeedbackReport[]> {
  const runs = await ctx.runsOfFlow('feedback', { limit: LOOK_BACK });
  return runs
    .reverse()
    .map((run) => reportOf(run, str(run.vars.ref)))
    .filter((r): r is FeedbackReport => r !== null);
}

/** Words after `/summary feedback`: a project id, a category id and a period such as 30d, in any order. */
export function parseFeedbackFilter(args: string[], community: Community, now: number, options: Record<string, string> = {}): FeedbackFilter {
  const filter: FeedbackFilter = {};
  const unknown: string[] = [];
  // Words in their place (`riverside-renewal repairs 30d`) or named (`project=riverside-renewal period=30d`).
  const named = (['project', 'category', 'period'] as const).flatMap((name) => (options[name] === undefined ? [] : [options[name]]));
  for (const arg of [...args, ...named].map((a) => a.toLowerCase().replace(/^(project|category|period)=/u, ''))) {
    const days = /^(\d{1,4})d$/u.exec(arg);
    if (days) filter.since = now - Number(days[1]) * 86_400_000;
    else if (community.projects.some((p) => p.id === arg)) filter.project = arg;
    else if (community.projects.some((p) => p.categories.some((c) => c.id === arg))) filter.category = arg;
    else unknown.push(arg);
  }
  return unknown.length > 0 ? { ...filter, unknown } : filter;
}

/**
 * What `/summary feedback` says when a word names no project, category or period: the word back,
 * and the projects and categories there are, by name with their ids.
 */
export function unknownFilterText(words: string[], deps: { t: Translate; locale: Locale; community: Community }): string {
  const { t, locale, community } = deps;
  const categories = new Map<string, string>();
  for (const c of community.projects.flatMap((p) => p.categories)) if (!categories.has(c.id)) categories.set(c.id, localText(c.name, locale));
  return t('summary.feedback.unknown_filter', {
    words: words.join(' '),
    projects: choicesOf(community.projects.map((p) => ({ id: p.id, name: localText(p.name, locale) })), t, locale, 'conjunction'),
    categories: choicesOf([...categories].map(([id, name]) => ({ id, name })), t, locale, 'conjunction'),
    project: community.projects[0]?.id ?? '',
  });
}

export function applyFilter(reports: FeedbackReport[], filter: FeedbackFilter): FeedbackReport[] {
  return reports.filter((r) => (!filter.project || r.project === filter.project) && (!filter.category || r.category === filter.category) && (filter.since === undefined || r.filedAt >= filter.since));
}

/** A short excerpt with personal data and names hidden. */
export function anonymisedExcerpt(report: FeedbackReport): string {
  const text = redactPersonalData(report.text.replace(/\s+/gu, ' ').trim(), { names: report.names }).text;
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text;
}

export interface FeedbackSummaryDeps {
  t: Translate;
  locale: Locale;
  community: Community;
  now: number;
}

export function feedbackSummaryText(reports: FeedbackReport[], filter: FeedbackFilter, deps: FeedbackSummaryDeps): string {
  const { t, community, locale } = deps;
  if (reports.length === 0) return t('summary.feedback.none');
  const project = community.projects.find((p) => p.id === filter.project);
  const category = community.projects.flatMap((p) => p.categories).find((c) => c.id === filter.category);
  const scope = [
    project ? t('summary.feedback.scope_project', { project: localText(project.name, locale) }) : '',
    category ? t('summary.feedback.scope_category', { category: localText(category.name, locale) }) : '',
    filter.since !== undefined ? t('summary.feedback.scope_period', { days: Math.round((deps.now - filter.since) / 86_400_000) }) : '',
  ].join('');
  const byRef = new Map(reports.map((r) => [r.ref, r]));
  // The same theme finder as `commonground themes`; the largest MAX_THEMES are shown.
  // Reporters' names are never a theme's words (a report signed with a name is still about the lift).
  const found = findThemes(reports.map((r) => ({ id: r.ref, text: r.text })), { names: [...new Set(reports.flatMap((r) => r.names))] });
  const themes = found.slice(0, MAX_THEMES);
  // "1 report", "6 reports": counted in the reader's language.
  const lines = [t('summary.feedback.title', { scope, count: counted(t, 'topics.themes.reports', reports.length, locale) })];
  let themed = 0;
  themes.forEach((theme, i) => {
    themed += theme.memberIds.length;
    const statuses = new Map<string, number>();
    for (const id of theme.memberIds) {
      const status = statusWord(byRef.get(id)?.status ?? '', t);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const breakdown = [...statuses].map(([status, count]) => t('summary.feedback.status', { status, count }));
    lines.push(t('summary.feedback.theme', { n: i + 1, label: theme.label, count: counted(t, 'topics.themes.reports', theme.memberIds.length, locale), statuses: listOf(breakdown, locale) }));
    for (const id of theme.representativeIds.slice(0, 3)) {
      const report = byRef.get(id);
      if (report) lines.push(t('summary.feedback.excerpt', { ref: id, text: anonymisedExcerpt(report) }));
    }
  });
  const smaller = found.slice(MAX_THEMES).reduce((sum, theme) => sum + theme.memberIds.length, 0);
  if (smaller > 0) lines.push(t('topics.feedback.smaller', { count: smaller }));
  if (reports.length > themed + smaller) lines.push(t('summary.feedback.unthemed', { count: reports.length - themed - smaller }));
  lines.push(t('summary.feedback.anonymised'));
  return lines.join('\n');
}
