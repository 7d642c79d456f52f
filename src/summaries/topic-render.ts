/**
 * A topic summary or a set of themes as the reader sees them, in the summary's language: the
 * label line (found automatically; AI-written names said as such), then each topic with its share
 * and its quotes with their message ids, then what smaller topics hold.
 */
import type { Locale } from '../config/schema';
import { redactPersonalData } from './redact';
import type { Translate } from './render';
import type { Theme } from './themes';
import type { TopicSummary } from './topics';

/** A count in the reader's language ("1 message", "10,000 messages"). */
export function counted(t: Translate, key: string, count: number, locale: Locale): string {
  return t(count === 1 ? `${key}_one` : `${key}_other`, { count: new Intl.NumberFormat(locale).format(count) });
}

export function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

export function renderTopicSummary(summary: TopicSummary, t: Translate, locale: Locale): string[] {
  const lines = [counted(t, 'topics.cli.title', summary.total, locale)];
  if (summary.topics.length > 0) {
    lines.push(t(summary.engine === 'llm' ? 'topics.label.llm' : 'topics.label.offline'));
    if (summary.fallback) lines.push(t(`summary.label.fallback.${summary.fallback}`));
    summary.topics.forEach((topic, i) => {
      lines.push(t('topics.topic', { n: i + 1, label: topic.label, percent: percent(topic.share, locale), count: counted(t, 'topics.messages', topic.count, locale) }));
      if (topic.description) lines.push(t('topics.description', { text: topic.description }));
      for (const quote of topic.quotes) lines.push(t('topics.quote', { text: quote.text, id: quote.id }));
    });
    if (summary.other > 0) lines.push(t('topics.other', { count: counted(t, 'topics.messages', summary.other, locale), percent: percent(summary.other / summary.total, locale) }));
  }
  if (summary.extract.length > 0) {
    // The chat label says who can see it; printed by the CLI it goes to whoever ran it.
    lines.push(summary.topics.length > 0 ? t('topics.extract') : t('summary.label.offline').replace(/^\((?:Only you can see this)\)\s*|^（仅您可见）/u, ''));
    if (summary.topics.length === 0 && summary.fallback) lines.push(t(`summary.label.fallback.${summary.fallback}`));
    for (const quote of summary.extract) lines.push(t('summary.point.quote', { text: quote.text, sources: quote.id }));
  }
  return lines;
}

export interface ThemesOutput {
  themes: { label: string; count: number; ids: string[]; quotes: { id: string; text: string }[] }[];
  /** Reports that fit no theme. */
  unplaced: number;
  total: number;
}

export function renderThemes(output: ThemesOutput, t: Translate, locale: Locale): string[] {
  const lines = [counted(t, 'topics.themes.title', output.total, locale)];
  if (output.themes.length === 0) lines.push(t('topics.themes.none'));
  output.themes.forEach((theme, i) => {
    lines.push(t('topics.themes.theme', { n: i + 1, label: theme.label, count: counted(t, 'topics.themes.reports', theme.count, locale) }));
    for (const quote of theme.quotes) lines.push(t('topics.quote', { text: quote.text, id: quote.id }));
  });
  if (output.unplaced > 0) lines.push(t('topics.themes.unplaced', { count: output.unplaced }));
  return lines;
}

/** The JSON form of themes: every report placed in a theme is in its `ids`. */
export function themesJson(themes: Theme[]): ThemesOutput['themes'] {
  return themes.map((theme) => ({
    label: theme.label,
    count: theme.memberIds.length,
    ids: theme.memberIds,
    quotes: theme.closest.slice(0, 3).map((item) => ({ id: item.id, text: redactPersonalData(item.text.replace(/\s+/gu, ' ').trim()).text })),
  }));
}
