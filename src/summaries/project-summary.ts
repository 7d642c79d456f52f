/**
 * `/summary project <project> [stage]`: what happened across all mechanisms, from the outcome log
 * (counts per mechanism and per kind of event) and the themes of the project's feedback.
 * The outcome log holds codes and counts only, never words, so mediation appears as numbers and
 * no one, coordinators included, receives anything said in a mediation.
 */
import { localText, MECHANISMS, type Community, type Locale, type Project } from '../config/schema';
import { choicesOf, countedKey, listOf } from '../core/wording';
import type { OutcomeStore } from '../evaluation/outcome';
import { currentStage } from '../evaluation/report';
import type { FeedbackReport } from './feedback-summary';
import type { Translate } from './render';
import { findThemes } from './themes';
import { counted } from './topic-render';
import { outcomeLabels } from './thread-summary';

export interface ProjectSummaryDeps {
  t: Translate;
  locale: Locale;
  community: Community;
  outcomes: OutcomeStore;
}

const THEMES_SHOWN = 3;
/** Steps inside one run (a mediation passing its stages) are not events people count across a project. */
const NOT_LISTED = new Set(['mediation.stage_reached']);

/** The stage a report counts in: the one its run recorded, else the one running by plan when it was filed. */
function stageOfReport(report: FeedbackReport, project: Project, timeZone: string | undefined): string | undefined {
  return report.stage ?? currentStage(project, report.filedAt, timeZone);
}

export async function projectSummaryText(projectId: string | undefined, stageId: string | undefined, reports: FeedbackReport[], deps: ProjectSummaryDeps): Promise<string> {
  const { t, community, locale } = deps;
  const project = community.projects.find((p) => p.id === projectId?.toLowerCase());
  if (!project) {
    const projects = choicesOf(community.projects.map((p) => ({ id: p.id, name: localText(p.name, locale) })), t, locale, 'disjunction');
    return projectId === undefined ? t('summary.project.which', { projects }) : t('summary.project.unknown', { project: projectId, projects });
  }
  const stage = project.stages.find((s) => s.id === stageId?.toLowerCase());
  const projectName = localText(project.name, locale);
  // A stage that is not the project's is named, rather than answered with the whole project's figures.
  if (stageId !== undefined && !stage) {
    const stages = choicesOf(project.stages.map((s) => ({ id: s.id, name: localText(s.name, locale) })), t, locale, 'conjunction');
    return t('summary.project.unknown_stage', { stage: stageId, project: projectName, stages });
  }
  const outcomes = await deps.outcomes.query({ project: project.id, ...(stage ? { stage: stage.id } : {}) });
  const lines = [stage ? t('summary.project.title_stage', { project: projectName, stage: localText(stage.name, locale) }) : t('summary.project.title', { project: projectName })];
  for (const mechanism of MECHANISMS) {
    const mine = outcomes.filter((o) => o.mechanism === mechanism);
    if (mine.length === 0) continue;
    lines.push(t(countedKey('summary.project.mechanism', mine.length), { mechanism: t(`summary.mechanism.${mechanism}`), count: mine.length }));
    const counts = new Map<string, number>();
    for (const o of mine) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
    // The lines add up to the headline: what has no line of its own is counted as other steps.
    let other = 0;
    for (const [type, count] of counts) {
      const key = `summary.outcome.${type.replace('.', '_')}`;
      if (outcomeLabels.has(key) && !NOT_LISTED.has(type)) lines.push(t('summary.project.line', { label: t(key), count }));
      else other += count;
    }
    if (other > 0) lines.push(t('summary.project.other', { count: other }));
    if (mechanism === 'mediation') lines.push(t('summary.project.mediation_note'));
  }
  // For one stage, the themes of the reports filed in it, as its counts are.
  const mine = reports.filter((r) => r.project === project.id && (!stage || stageOfReport(r, project, community.timeZone) === stage.id));
  const themes = findThemes(mine.map((r) => ({ id: r.ref, text: r.text })), { names: [...new Set(mine.flatMap((r) => r.names))] }).slice(0, THEMES_SHOWN);
  if (themes.length > 0) {
    const named = themes.map((th) => t('summary.project.theme', { label: th.label, count: counted(t, 'topics.themes.reports', th.memberIds.length, locale) }));
    lines.push(t(stage ? 'summary.project.themes_stage' : 'summary.project.themes', { themes: listOf(named, locale) }));
  }
  if (lines.length === 1) lines.push(t(stage ? 'summary.project.nothing_stage' : 'summary.project.nothing'));
  return lines.join('\n');
}
