import { DateTime } from 'luxon';
import { localText, type Locale } from '../config/schema';
import { renderReportChart, rowLabel } from './chart';
import { displayWidth } from '../core/terminal-text';
import type { Axis } from './metrics';
import type { EvaluationReport, ReportRow } from './report';
import { loadReportWords, say, type ReportWords } from './report-words';

export type ReportFormat = 'table' | 'csv' | 'json' | 'html';
export interface FormatOptions {
  locale: Locale;
  /** List the outcomes behind each figure. */
  explain?: boolean;
}

const AXES: Axis[] = ['goal', 'process', 'responsibility'];

export { displayWidth };

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const isRate = (row: Pick<ReportRow, 'metric'>) => row.metric.endsWith('_rate');

export function formatNumber(value: number | null, percent: boolean): string {
  if (value === null) return '-';
  if (percent) return `${Math.round(value * 1000) / 10}%`;
  return String(Math.round(value * 100) / 100);
}

/** A change since the previous stage: a share's in percentage points, as the reader's language writes them. */
function signed(value: number | null, percent: boolean, words: ReportWords): string {
  if (value === null) return '-';
  const text = percent ? say(words, 'points', { value: Math.round(value * 1000) / 10 }) : String(Math.round(value * 100) / 100);
  return value > 0 ? `+${text}` : text;
}

/** A time as the community reads it: in its own time zone (UTC unless it set one). */
const date = (ms: number | null, zone = 'UTC') => (ms === null ? null : DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm'));
/** The report's "as of" line, with the time zone its times are in. */
const asOf = (report: EvaluationReport, words: ReportWords) => say(words, 'as_of', { date: date(report.now, report.timeZone) ?? '', zone: report.timeZone ?? 'UTC' });

/** A party's name in the reader's language (its id when the community does not name it). */
export function partyName(report: Pick<EvaluationReport, 'parties'>, id: string, locale: Locale): string {
  const name = report.parties.find((p) => p.party === id)?.name;
  return name ? localText(name, locale) : id;
}

/** Says plainly that nothing was recorded yet, for the stage asked for or the whole project. */
function emptyLine(report: EvaluationReport, words: ReportWords, locale: Locale): string {
  const stage = report.stages.find((s) => s.id === report.stage);
  return stage
    ? say(words, 'nothing_yet_stage', { stage: localText(stage.name, locale) })
    : say(words, 'nothing_yet', { project: localText(report.project.name, locale) });
}

/** Why there are no rows: the project sets no indicators, or none for responsible parties. */
function noIndicatorsLine(report: EvaluationReport, words: ReportWords, locale: Locale): string {
  return say(words, report.party ? 'no_party_indicators' : 'no_indicators', { project: localText(report.project.name, locale) });
}

function rowCells(row: ReportRow, report: EvaluationReport, words: ReportWords, locale: Locale): string[] {
  const pct = isRate(row);
  const stage = row.stage ? report.stages.find((s) => s.id === row.stage) : undefined;
  const where = row.party !== undefined ? partyName(report, row.party, locale) : stage ? localText(stage.name, locale) : say(words, 'scope.project');
  const actual = row.actual === null ? say(words, 'not_enough', { n: row.n }) : formatNumber(row.actual, pct);
  const met = row.met === null ? say(words, 'met.unknown') : say(words, row.met ? 'met.yes' : 'met.no');
  return [
    row.name ? localText(row.name, locale) : row.indicator,
    where,
    actual,
    `${row.direction === 'at_least' ? '≥' : '≤'} ${formatNumber(row.target, pct)}`,
    String(row.n),
    met,
    signed(row.trend, pct, words),
  ];
}

function explainLines(row: ReportRow, report: EvaluationReport, words: ReportWords): string[] {
  if (!report.evidenceListed) return [`  ${say(words, 'evidence_not_listed')}`];
  if (row.evidence.length === 0) return [`  ${say(words, 'evidence_none')}`];
  return [
    `  ${say(words, 'evidence')}`,
    ...row.evidence.map((id) => {
      const o = report.outcomes[id];
      return `    ${id}${o ? `  ${o.type}  ${date(o.at, report.timeZone)}` : ''}`;
    }),
  ];
}

/** On time, late, not yet due; or, when the planned date passed and nothing was marked, "not marked", not "late". */
function onTimeWord(value: boolean | null, marked: number | null, words: ReportWords) {
  if (value === null) return say(words, 'pending');
  if (value) return say(words, 'on_time');
  return say(words, marked === null ? 'overdue' : 'late');
}

function formatTable(report: EvaluationReport, locale: Locale, explain: boolean): string {
  const words = loadReportWords(locale);
  const out = [say(words, 'title', { project: localText(report.project.name, locale) }), asOf(report, words)];
  // People read the stage's name in their language, not its id.
  const stage = report.stages.find((s) => s.id === report.stage);
  if (report.stage) out.push(say(words, 'for_stage', { stage: stage ? localText(stage.name, locale) : report.stage }));
  if (report.party) out.push(say(words, 'for_party', { party: partyName(report, report.party, locale) }));
  if (report.empty) out.push('', emptyLine(report, words, locale));
  if (report.rows.length === 0) out.push('', noIndicatorsLine(report, words, locale));
  const header = ['indicator', 'where', 'actual', 'target', 'n', 'met', 'trend'].map((key) => say(words, `col.${key}`));
  for (const axis of AXES) {
    const rows = report.rows.filter((row) => row.axis === axis);
    out.push('', say(words, `axis.${axis}`));
    if (rows.length === 0) {
      out.push(say(words, 'no_rows'));
      continue;
    }
    const lines = table(header, rows.map((row) => rowCells(row, report, words, locale)));
    out.push(...lines.slice(0, 2));
    rows.forEach((row, i) => out.push(lines[i + 2] as string, ...(explain ? explainLines(row, report, words) : [])));
  }
  if (report.timeline.length > 0) {
    out.push('', say(words, 'section.timeline'));
    out.push(
      ...table(
        ['stage', 'planned', 'started', 'finished', 'on_time'].map((key) => say(words, `col.${key}`)),
        report.timeline.map((t) => [
          localText(report.stages.find((s) => s.id === t.stage)?.name ?? t.stage, locale),
          `${t.plannedStart} – ${t.plannedEnd}`,
          date(t.started, report.timeZone) ?? say(words, 'not_yet'),
          date(t.finished, report.timeZone) ?? say(words, 'not_yet'),
          `${onTimeWord(t.startedOnTime, t.started, words)} / ${onTimeWord(t.finishedOnTime, t.finished, words)}`,
        ]),
      ),
    );
  }
  if (report.parties.length > 0) {
    out.push('', say(words, 'section.parties'));
    out.push(
      ...table(
        ['party', 'filed', 'acknowledged', 'ack_in_time', 'median_ack', 'resolved', 'resolved_in_time'].map((key) => say(words, `col.${key}`)),
        report.parties.map((p) => [
          localText(p.name, locale),
          String(p.filed),
          String(p.acknowledged),
          formatNumber(p.acknowledgedInTimeRate, true),
          formatNumber(p.medianHoursToAcknowledge, false),
          String(p.resolved),
          formatNumber(p.resolvedInTimeRate, true),
        ]),
      ),
    );
  }
  return out.join('\n');
}

export const CSV_COLUMNS = ['axis', 'indicator', 'metric', 'mechanism', 'scope', 'stage', 'party', 'actual', 'target', 'direction', 'n', 'minimum_data', 'met', 'trend', 'evidence'] as const;

export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function formatCsv(report: EvaluationReport): string {
  const lines = report.rows.map((row) =>
    [row.axis, row.indicator, row.metric, row.mechanism, row.scope, row.stage ?? '', row.party ?? '', row.actual ?? '', row.target, row.direction, row.n, row.minimumData, row.met ?? '', row.trend ?? '', row.evidence.join(' ')]
      .map((cell) => csvField(String(cell)))
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function formatHtml(report: EvaluationReport, locale: Locale, explain: boolean): string {
  const words = loadReportWords(locale);
  const title = say(words, 'title', { project: localText(report.project.name, locale) });
  const { svg } = renderReportChart(report, { width: 860, height: Math.max(360, 90 + 28 * (report.rows.length + report.parties.length)), locale });
  const inlineSvg = svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '').replace(/xlink:href=/g, 'href=');
  const htmlTable = (header: string[], rows: string[][]) =>
    `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const header = ['indicator', 'where', 'actual', 'target', 'n', 'met', 'trend'].map((key) => say(words, `col.${key}`));
  const sections = AXES.map((axis) => {
    const rows = report.rows.filter((row) => row.axis === axis);
    const body = rows.length === 0 ? `<p>${escapeHtml(say(words, 'no_rows'))}</p>` : htmlTable(header, rows.map((row) => rowCells(row, report, words, locale)));
    const evidence = explain
      ? rows.map((row) => `<details><summary>${escapeHtml(rowLabel(row, report, locale))}</summary><pre>${escapeHtml(explainLines(row, report, words).join('\n'))}</pre></details>`).join('')
      : '';
    return `<h2>${escapeHtml(say(words, `axis.${axis}`))}</h2>${body}${evidence}`;
  }).join('\n');
  const tableText = formatTable(report, locale, false).split('\n');
  const timelineStart = tableText.indexOf(say(words, 'section.timeline'));
  const rest = timelineStart >= 0 ? `<pre>${escapeHtml(tableText.slice(timelineStart).join('\n'))}</pre>` : '';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#222;max-width:60em}
table{border-collapse:collapse;margin:.5em 0}th,td{border-bottom:1px solid #ddd;padding:.25em .75em;text-align:left}
th{background:#f4f4f4}pre{background:#f8f8f8;padding:.5em;overflow:auto}figure{margin:1em 0}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(asOf(report, words))}</p>${report.empty ? `<p>${escapeHtml(emptyLine(report, words, locale))}</p>` : ''}${report.rows.length === 0 ? `<p>${escapeHtml(noIndicatorsLine(report, words, locale))}</p>` : ''}
<figure class="chart">${inlineSvg}</figure>
${sections}
${rest}
</body></html>
`;
}

export function formatReport(report: EvaluationReport, format: ReportFormat, options: FormatOptions): string {
  switch (format) {
    case 'table':
      return formatTable(report, options.locale, options.explain ?? false);
    case 'csv':
      return formatCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'html':
      return formatHtml(report, options.locale, options.explain ?? false);
  }
}
