/**
 * `/summary project <project> [stage]`: what happened across all mechanisms, from the outcome log
 * (counts per mechanism and per kind of event) and the themes of the project's feedback.
 * The outcome log holds codes and counts only, never words, so mediation appears as numbers and
 * no one, coordinators included, receives anything said in a mediation.
 */
import { localText, MECHANISMS, type Community, type Locale } from '../config/schema';
import type { OutcomeStore } from '../evaluation/outcome';
import type { FeedbackReport } from './feedback-summary';
import type { Translate } from './render';
import { findThemes } from './themes';
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

export async function projectSummaryText(projectId: string | undefined, stageId: string | undefined, reports: FeedbackReport[], deps: ProjectSummaryDeps): Promise<string> {
  const { t, community, locale } = deps;
  const project = community.projects.find((p) => p.id === projectId?.toLowerCase());
  if (!project) return t('summary.project.unknown', { projects: community.projects.map((p) => p.id).join(', ') });
  const stage = project.stages.find((s) => s.id === stageId?.toLowerCase());
  // A stage that is not the project's is named, rather than answered with the whole project's figures.
  if (stageId !== undefined && !stage)
    return t('summary.project.unknown_stage', { stage: stageId, project: localText(project.name, locale), stages: project.stages.map((s) => s.id).join(', ') });
  const outcomes = await deps.outcomes.query({ project: project.id, ...(stage ? { stage: stage.id } : {}) });
  const lines = [t('summary.project.title', { project: localText(project.name, locale), stage: stage ? t('summary.project.stage', { stage: localText(stage.name, locale) }) : '' })];
  for (const mechanism of MECHANISMS) {
    const mine = outcomes.filter((o) => o.mechanism === mechanism);
    if (mine.length === 0) continue;
    lines.push(t('summary.project.mechanism', { mechanism: t(`summary.mechanism.${mechanism}`), count: mine.length }));
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
  const mine = reports.filter((r) => r.project === project.id);
  const themes = findThemes(mine.map((r) => ({ id: r.ref, text: r.text })), { names: [...new Set(mine.flatMap((r) => r.names))] }).slice(0, THEMES_SHOWN);
  if (themes.length > 0) lines.push(t('summary.project.themes', { themes: themes.map((th) => `${th.label} (${th.memberIds.length})`).join('; ') }));
  if (lines.length === 1) lines.push(t('summary.project.nothing'));
  return lines.join('\n');
}
