import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { localText, type Locale } from '../config/schema';
import type { EvaluationReport, ReportRow } from './report';
import { loadReportWords, say } from './report-words';

export interface ChartOptions {
  width: number;
  height: number;
  locale: Locale;
  /** The fonts to draw with (see `chartFonts`); by default CHART_FONT and the machine's own. */
  fonts?: ChartFonts;
}

/** The fonts a chart is drawn with: font files of its own (CHART_FONT), and whether any font here writes Chinese. */
export interface ChartFonts {
  files: string[];
  chinese: boolean;
}

/** Where systems keep their fonts. */
const FONT_FOLDERS = ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.fonts'), join(homedir(), '.local/share/fonts'), '/System/Library/Fonts', '/Library/Fonts', 'C:\\Windows\\Fonts'];

/** File names of the usual fonts that hold Chinese characters (Noto/Source Han, WenQuanYi, Droid Fallback, the Windows and macOS ones). */
const CHINESE_FONT_FILE = /cjk|sourcehan|source-han|notosanssc|notoserifsc|notosans-?sc|wqy|wenquanyi|droidsansfallback|uming|ukai|arphic|msyh|simhei|simsun|simkai|pingfang|hiragino|stheiti|songti|lxgw|sarasa/i;
const FONT_FILE = /\.(ttf|ttc|otf|otc)$/i;

function holdsChineseFont(folder: string, depth = 0): boolean {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) if (entry.isFile() && FONT_FILE.test(entry.name) && CHINESE_FONT_FILE.test(entry.name)) return true;
  return depth < 4 && entries.some((entry) => entry.isDirectory() && holdsChineseFont(join(folder, entry.name), depth + 1));
}

/**
 * The fonts for charts on this machine: CHART_FONT (a .ttf, .otf or .ttc file) when set, and the
 * system's. Without a font that holds Chinese characters, Chinese labels would be drawn as empty boxes.
 */
export function chartFonts(env: NodeJS.ProcessEnv = process.env, folders: readonly string[] = FONT_FOLDERS): ChartFonts {
  const own = env.CHART_FONT && existsSync(env.CHART_FONT) ? [env.CHART_FONT] : [];
  return { files: own, chinese: own.length > 0 || folders.some((folder) => holdsChineseFont(folder)) };
}

/** Chinese (Han) characters, which fonts without Chinese draw as boxes. */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;

const FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'DejaVu Sans', sans-serif";
/** Bars are capped here so one runaway figure does not flatten the others. */
const CAP = 200;

/** How far a row is towards its target, in percent: 100 means exactly on target. */
export function achievement(row: ReportRow): number | null {
  if (row.actual === null) return null;
  const ratio =
    row.direction === 'at_least'
      ? row.target === 0
        ? row.actual >= 0 ? 1 : 0
        : row.actual / row.target
      : row.actual === 0
        ? 2
        : row.target / row.actual;
  return Math.max(0, Math.min(CAP, Math.round(ratio * 1000) / 10));
}

export function rowLabel(row: ReportRow, report: EvaluationReport, locale: Locale): string {
  const name = row.name ? localText(row.name, locale) : row.indicator;
  const stage = row.stage && report.stages.find((s) => s.id === row.stage);
  const party = row.party !== undefined ? report.parties.find((p) => p.party === row.party) : undefined;
  const where = row.party !== undefined ? (party ? localText(party.name, locale) : row.party) : stage ? localText(stage.name, locale) : undefined;
  return where ? `${name} · ${where}` : name;
}

/** A size that gives every row of the report room. */
export function chartSize(report: EvaluationReport): { width: number; height: number } {
  return { width: 860, height: Math.max(360, 90 + 28 * (report.rows.length + report.parties.length)) };
}

/** A row's name fits left of the bars (34% of the width); a longer one ends in "…" rather than running off the picture. */
const labelRoom = (width: number) => ({ width: Math.floor(width * 0.34 * 0.85) - 16, overflow: 'truncate' as const, ellipsis: '…' });

// The chart libraries are large: they are loaded the first time a chart is drawn, not at start.
const load = createRequire(import.meta.url);

/**
 * Indicators against their targets, and each party's in-time rate, as SVG and PNG. `legible` is
 * false when the chart has Chinese words and no font here can write them (the PNG would show boxes).
 */
export function renderReportChart(report: EvaluationReport, options: ChartOptions): { svg: string; png: Uint8Array; legible: boolean } {
  const echarts = load('echarts') as typeof import('echarts');
  const { Resvg } = load('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const words = loadReportWords(options.locale);
  const rows = report.rows;
  const parties = report.parties;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width, height: options.height });
  const split = parties.length > 0 ? 0.62 : 0.92;
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONTS },
    title: [
      { text: say(words, 'chart.indicators'), left: 10, top: 4, textStyle: { fontSize: 13, fontFamily: FONTS } },
      ...(parties.length > 0
        ? [{ text: say(words, 'chart.parties'), left: 10, top: `${split * 100 + 2}%`, textStyle: { fontSize: 13, fontFamily: FONTS } }]
        : []),
    ],
    grid: [
      { left: '34%', right: '8%', top: 30, height: `${split * 100 - 12}%` },
      ...(parties.length > 0 ? [{ left: '34%', right: '8%', top: `${split * 100 + 8}%`, bottom: 20 }] : []),
    ],
    xAxis: [
      { gridIndex: 0, type: 'value', min: 0, max: CAP, axisLabel: { formatter: '{value}%' } },
      ...(parties.length > 0 ? [{ gridIndex: 1, type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }] : []),
    ],
    yAxis: [
      { gridIndex: 0, type: 'category', inverse: true, data: rows.map((row) => rowLabel(row, report, options.locale)), axisLabel: labelRoom(options.width) },
      ...(parties.length > 0
        ? [{ gridIndex: 1, type: 'category', inverse: true, data: parties.map((p) => localText(p.name, options.locale)), axisLabel: labelRoom(options.width) }]
        : []),
    ],
    series: [
      {
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: rows.map((row) => ({
          value: achievement(row) ?? 0,
          itemStyle: { color: row.met === null ? '#b0b0b0' : row.met ? '#3a8f5c' : '#d08a2e' },
        })),
        markLine: {
          symbol: 'none',
          // At the top of the line, clear of the axis's 100% below it.
          label: { formatter: say(words, 'chart.target'), fontFamily: FONTS, position: 'start' },
          lineStyle: { color: '#444', type: 'dashed' },
          data: [{ xAxis: 100 }],
        },
      },
      ...(parties.length > 0
        ? [
            {
              type: 'bar',
              xAxisIndex: 1,
              yAxisIndex: 1,
              data: parties.map((p) => Math.round((p.acknowledgedInTimeRate ?? 0) * 1000) / 10),
              itemStyle: { color: '#4a74b5' },
            },
          ]
        : []),
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const fonts = options.fonts ?? chartFonts();
  const png = new Resvg(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontFiles: fonts.files, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return { svg, png: new Uint8Array(png), legible: fonts.chinese || !HAN.test(svg) };
}
