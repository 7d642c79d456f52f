/**
 * A summary as the bot says it: a label first (an automatic extract, or text written by AI that is
 * not a quote), then one line a point with the references it came from. Offline points are real
 * sentences and are shown in quotation marks; AI-written points never are.
 */
import type { Summary, SummaryPoint } from './schema';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** How a source reference is named to the reader ("message 3", "FB-0042"). */
export type SourceLabel = (sources: string[]) => string;

export function messageSources(t: Translate): SourceLabel {
  return (sources) => (sources.length === 1 ? t('summary.source.message', { n: sources[0] ?? '' }) : t('summary.source.messages', { list: sources.join(', ') }));
}

export function renderPoint(point: SummaryPoint, engine: Summary['engine'], t: Translate, label: SourceLabel): string {
  const key = engine === 'offline' ? 'summary.point.quote' : `summary.point.${point.kind}`;
  return t(key, { text: point.text, sources: label(point.sources) });
}

/** The label line(s) and the points. */
export function renderSummary(summary: Summary, t: Translate, label: SourceLabel): string[] {
  const lines = [t(summary.engine === 'offline' ? 'summary.label.offline' : 'summary.label.llm')];
  if (summary.fallback) lines.push(t(`summary.label.fallback.${summary.fallback}`));
  if (summary.points.length === 0) lines.push(t('summary.no_points'));
  for (const point of summary.points) lines.push(renderPoint(point, summary.engine, t, label));
  return lines;
}
