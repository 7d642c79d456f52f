/**
 * `/summary` inside a flow's thread: what the asker may see of that run (access.ts), built from the
 * run's records through its flow adapter and summarised by the configured engine.
 */
import type { Community, Locale } from '../config/schema';
import { categoryName } from '../feedback/report';
import type { OutcomeStore } from '../evaluation/outcome';
import type { Run } from '../flows/run';
import { isMediation, threadAccess, type Asker } from './access';
import { summarise, type SummaryEngine } from './engine';
import { threadSource, type ThreadFacts } from './flow-adapters';
import { messageSources, renderSummary, type Translate } from './render';
import { counted, percent } from './topic-render';
import { arraySource, findTopics, MIN_MESSAGES_FOR_TOPICS } from './topics';
import type { SummaryMessage } from './schema';

export interface ThreadSummaryDeps {
  t: Translate;
  locale: Locale;
  /** For the names of a report's category (without it, the category's id is shown). */
  community?: Community;
  engine: SummaryEngine;
  outcomes: OutcomeStore;
}

function factLines(facts: ThreadFacts, t: Translate, category: (id: string) => string): string[] {
  const lines: string[] = [];
  if (facts.report) lines.push(t('summary.thread.report', { ref: facts.report.ref, category: category(facts.report.category), status: statusWord(facts.report.status, t) }));
  if (facts.phase) lines.push(t('summary.thread.phase', { phase: phaseName(facts.phase, t) }));
  const list = (key: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(t(key), ...items.map((text) => t('summary.thread.item', { text })));
  };
  list('summary.thread.statement_common', facts.commonGround);
  list('summary.thread.statement_divisive', facts.divisive);
  list('summary.thread.actions', facts.actions);
  return lines;
}

/** The flow's own name for a phase when its catalogue has one (dialogue.phase_name.*), else the id. */
function phaseName(phase: string, t: Translate): string {
  try {
    return t(`dialogue.phase_name.${phase}`);
  } catch {
    return phase;
  }
}

export function statusWord(status: string, t: Translate): string {
  const known = ['open', 'acknowledged', 'in_progress', 'resolved', 'reassigned', 'duplicate', 'reopened', 'closed'];
  return known.includes(status) ? t(`summary.status.${status}`) : status === 'new' ? t('summary.status.open') : status;
}

/** Outcome counts of one run, by type: all a coordinator learns about a mediation. */
export async function runOutcomeLines(run: Run, outcomes: OutcomeStore, t: Translate): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const o of await outcomes.query({})) if (o.run === run.id) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
  return [...counts].flatMap(([type, count]) => {
    const key = `summary.outcome.${type.replace('.', '_')}`;
    return outcomeLabels.has(key) ? [t('summary.mediation.outcome_line', { label: t(key), count })] : [];
  });
}

export const outcomeLabels = new Set(
  ['feedback_filed', 'feedback_acknowledged', 'feedback_resolved', 'feedback_reopened', 'notice_published', 'notice_understood', 'poll_opened', 'poll_closed', 'dialogue_opened', 'dialogue_closed', 'action_recorded', 'action_done', 'mediation_opened', 'mediation_stage_reached', 'mediation_agreement', 'mediation_ended', 'mediation_follow_up', 'project_stage_started', 'project_stage_finished',
   'feedback_confirmed', 'feedback_me_too', 'feedback_status_changed', 'feedback_reminded', 'feedback_escalated', 'feedback_reassigned', 'feedback_duplicate',
   'notice_question_asked', 'notice_question_answered', 'dialogue_joined', 'dialogue_phase_changed', 'action_removed', 'mediation_consented', 'mediation_declined'].map((k) => `summary.outcome.${k}`),
);

/**
 * Offline, a conversation of MIN_MESSAGES_FOR_TOPICS messages or more is summarised as topics, as
 * `commonground summarize` does: each topic with its share of the messages and quotes, so that a
 * topic a fifth of the people raised is not left out because other topics are louder. Null when
 * a model is configured, or when the messages give fewer than two topics (the extract says more).
 */
async function offlineTopicLines(messages: SummaryMessage[], names: string[], deps: ThreadSummaryDeps): Promise<string[] | null> {
  if (messages.length < MIN_MESSAGES_FOR_TOPICS) return null;
  try {
    if ((await deps.engine.model()) !== null) return null;
  } catch {
    return null;
  }
  const found = await findTopics(arraySource(messages), { names });
  if (found.topics.length < 2) return null;
  const { t, locale } = deps;
  const source = messageSources(t);
  const lines = [t('summary.label.topics')];
  for (const topic of found.topics) {
    lines.push(t('summary.thread.topic', { label: topic.label, percent: percent(topic.share, locale), count: counted(t, 'topics.messages', topic.count, locale) }));
    for (const quote of topic.quotes) lines.push(t('summary.thread.topic_quote', { text: quote.text, sources: source([quote.id]) }));
  }
  if (found.other > 0) lines.push(t('summary.thread.topic_other', { count: counted(t, 'topics.messages', found.other, locale), percent: percent(found.other / found.total, locale) }));
  return lines;
}

export async function threadSummaryText(run: Run, asker: Asker, deps: ThreadSummaryDeps): Promise<string> {
  const { t } = deps;
  const access = threadAccess(run, asker);
  if (access === 'none') return t('summary.thread.not_allowed');
  const source = threadSource(run, t);
  if (access === 'outcomes') return [t('summary.mediation.outcomes_title'), ...(await runOutcomeLines(run, deps.outcomes, t))].join('\n');
  if (access === 'agreement') {
    if (source.facts.agreement.length === 0) return t('summary.mediation.no_agreement');
    return [t('summary.mediation.agreement_title'), ...source.facts.agreement.map((text) => t('summary.thread.item', { text }))].join('\n');
  }
  const facts = factLines(source.facts, t, (id) => (deps.community ? categoryName(deps.community, run.project, id, deps.locale) : id));
  if (source.facts.report) {
    const history = await runOutcomeLines(run, deps.outcomes, t);
    if (history.length > 0) facts.push(t('summary.thread.history'), ...history);
  }
  if (isMediation(run) && source.facts.agreement.length > 0) facts.push(t('summary.thread.agreement'), ...source.facts.agreement.map((text) => t('summary.thread.item', { text })));
  if (source.messages.length === 0 && facts.length === 0) return t('summary.empty');
  // Only facts the bot wrote go beside the data block; resident words go to the model as messages.
  const topics = await offlineTopicLines(source.messages, run.participants.map((p) => p.name), deps);
  if (topics !== null) {
    const [label, ...rest] = topics;
    return [label ?? '', ...facts, t('summary.thread.main_points'), ...rest].join('\n');
  }
  const modelFacts = factLines({ ...source.facts, commonGround: [], divisive: [], actions: [], agreement: [] }, t, (id) => (deps.community ? categoryName(deps.community, run.project, id, deps.locale) : id));
  const summary = await summarise(source.messages, deps.engine, { locale: deps.locale, facts: modelFacts });
  const lines = renderSummary(summary, t, messageSources(t));
  const [label, ...rest] = lines;
  return [label ?? '', ...facts, ...(source.messages.length > 0 ? [t('summary.thread.main_points'), ...rest] : [])].join('\n');
}
