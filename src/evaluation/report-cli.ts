import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { environmentRefusal, readEnvironment } from '../config/environment';
import { loadCommunity } from '../config/load';
import type { Locale } from '../config/schema';
import { OperatorError } from '../operator-error';
import { operatorLocale, operatorWords } from '../operator-language';
import { writeOutputFile } from '../output-file';
import { chartFonts, chartSize, renderReportChart, type ChartFonts } from './chart';
import { openOutcomeStore } from './open-store';
import { buildReport } from './report';
import { formatReport, type ReportFormat } from './report-format';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'csv', 'json', 'html'];

export interface ReportCliOptions {
  project: string;
  stage?: string;
  party?: string;
  format: ReportFormat;
  locale?: Locale;
  explain?: boolean;
  out?: string;
  chart?: string;
  /** What "now" means for deadlines and the current stage (epoch ms); the real time by default. */
  now?: number;
  /** The fonts to draw the chart with; CHART_FONT and this machine's by default. */
  fonts?: ChartFonts;
}

/**
 * `commonground report`: the outcome log named by EVAL_DB_URL (or `<DATA_DIR>/outcomes.sqlite`)
 * and the community of COMMUNITY_CONFIG, as a table, CSV, JSON or one self-contained HTML file.
 * Returns what to print on standard output (nothing when --out names a file).
 */
export async function reportCommand(options: ReportCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const environment = readEnvironment(env);
  const refused = environmentRefusal(environment);
  if (refused) throw new Error(refused);
  const community = loadCommunity(environment.communityFile);
  const url = environment.evalDbUrl ?? join(environment.dataDir, 'outcomes.sqlite');
  if (!environment.evalDbUrl && !existsSync(url)) throw new OperatorError('cli.outcome_log_missing', { where: url }, operatorWords('en')('cli.outcome_log_missing', { where: url }));
  const store = await openOutcomeStore(url);
  try {
    const report = await buildReport(store, community, {
      project: options.project,
      now: options.now ?? Date.now(),
      // Listing the evidence reads the project's raw outcomes; without it the rollup is enough.
      evidence: options.explain ?? false,
      ...(options.stage !== undefined ? { stage: options.stage } : {}),
      ...(options.party !== undefined ? { party: options.party } : {}),
    });
    const locale = options.locale ?? community.locale;
    const text = formatReport(report, options.format, { locale, explain: options.explain ?? false });
    if (options.chart) {
      const chart = renderReportChart(report, { ...chartSize(report), locale, fonts: options.fonts ?? chartFonts(env) });
      writeOutputFile('--chart', options.chart, chart.png);
      // Written all the same (the bars are right), with a word on why its Chinese labels are boxes.
      if (!chart.legible) process.stderr.write(`${operatorWords(operatorLocale(env))('cli.report.chart_without_chinese_font', { file: options.chart })}\n`);
    }
    if (!options.out) return text.endsWith('\n') ? text : `${text}\n`;
    writeOutputFile('--out', options.out, text);
    return '';
  } finally {
    await store.close();
  }
}
