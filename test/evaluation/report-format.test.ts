import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFonts, renderReportChart } from '../../src/evaluation/chart';
import { buildReport, type EvaluationReport } from '../../src/evaluation/report';
import { CSV_COLUMNS, displayWidth, formatReport } from '../../src/evaluation/report-format';
import { createSqliteOutcomeStore } from '../../src/evaluation/sqlite-store';
import { community, NOW, scenarioOutcomes } from '../fixtures/evaluation/scenario';

let report: EvaluationReport;
beforeAll(async () => {
  const store = createSqliteOutcomeStore(':memory:');
  await store.append(scenarioOutcomes());
  report = await buildReport(store, community, { project: 'renewal', now: NOW });
  await store.close();
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else if (c !== '\r') cell += c;
  }
  return rows;
}

describe('report formats', () => {
  it('prints an aligned table in English with honest gaps', () => {
    const text = formatReport(report, 'table', { locale: 'en' });
    expect(text).toContain('Evaluation: Riverside renewal');
    expect(text).toContain('Goal positioning');
    expect(text).toContain('Process orientation');
    expect(text).toContain('Responsibility benchmarking');
    expect(text).toContain('not enough data (n=3)');
    expect(text).toContain('not enough data (n=0)');
    const resolution = text.split('\n').find((line) => line.startsWith('Reports resolved'));
    expect(resolution).toMatch(/66\.7%\s+≥ 80%\s+6\s+not yet\s+\+50 pp/);
    const header = text.split('\n').find((line) => line.startsWith('Indicator')) as string;
    expect(header.indexOf('Actual')).toBe(resolution?.indexOf('66.7%'));
  });

  it('speaks zh-CN and keeps columns aligned with wide characters', () => {
    const text = formatReport(report, 'table', { locale: 'zh-CN' });
    expect(text).toContain('评估报告：河畔社区微更新');
    expect(text).toContain('目标定位');
    const lines = text.split('\n');
    const header = lines.find((line) => line.startsWith('考核指标')) as string;
    const row = lines.find((line) => line.startsWith('反馈解决率')) as string;
    // Sample size and percentage points as Chinese readers write them.
    expect(header.split(/\s{2,}/)).toEqual(['考核指标', '范围', '实际值', '目标值', '样本数', '是否达标', '较上阶段']);
    expect(text).toContain('数据不足（样本数 3）');
    expect(text).not.toMatch(/n=\d|\bpp\b/);
    expect(row).toMatch(/66\.7%\s+≥ 80%\s+6\s+未达标\s+\+50 个百分点$/);
    const col = (line: string, prefix: string) => displayWidth(line.slice(0, line.indexOf(prefix)));
    expect(col(row, '66.7%')).toBe(col(header, '实际'));
  });

  it('names the stage asked for by its name in the reader\'s language, never its id', () => {
    const staged = { ...report, stage: 'listening' };
    expect(formatReport(staged, 'table', { locale: 'zh-CN' })).toContain('阶段：倾听阶段');
    expect(formatReport(staged, 'table', { locale: 'zh-CN' })).not.toContain('阶段：listening');
    expect(formatReport(staged, 'table', { locale: 'en' })).toContain('Listening');
  });

  it('names responsible parties in the reader\'s language in every row, never by their id', () => {
    const text = formatReport(report, 'table', { locale: 'zh-CN' });
    const rows = text.split('\n').filter((line) => line.startsWith('ack-time '));
    expect(rows.map((line) => line.split(/\s{2,}/)[1])).toEqual(['住房办公室', '物业服务中心', '居委会']);
    const own = formatReport({ ...report, party: 'housing', parties: report.parties.filter((p) => p.party === 'housing') }, 'table', { locale: 'zh-CN' });
    expect(own).toContain('责任主体：住房办公室');
    expect(renderReportChart(report, { width: 640, height: 480, locale: 'zh-CN' }).svg).not.toContain('ack-time · housing');
  });

  it('tells a stage finished late from one whose date passed with nothing marked', () => {
    const listening = report.timeline.find((t) => t.stage === 'listening');
    const review = report.timeline.find((t) => t.stage === 'review');
    if (!listening || !review) throw new Error('the scenario has these stages');
    // Listening was marked finished after its planned end; review's start date passed and nobody marked it.
    const timeline = [listening, { ...review, startedOnTime: false }];
    const en = formatReport({ ...report, timeline }, 'table', { locale: 'en' }).split('\n');
    expect(en.find((line) => line.startsWith('Listening'))).toMatch(/on time \/ late$/);
    expect(en.find((line) => line.startsWith('Review'))).toMatch(/not marked, overdue \/ not yet due$/);
    const zh = formatReport({ ...report, timeline }, 'table', { locale: 'zh-CN' }).split('\n');
    expect(zh.find((line) => line.startsWith('评估阶段'))).toMatch(/逾期未标记 \/ 尚未到期$/);
  });

  it('says plainly when nothing has been recorded yet for the stage asked for, or the project', async () => {
    const store = createSqliteOutcomeStore(':memory:');
    await store.append(scenarioOutcomes().filter((o) => o.stage !== 'review'));
    const review = await buildReport(store, community, { project: 'renewal', stage: 'review', now: NOW });
    expect(formatReport(review, 'table', { locale: 'en' })).toContain('Nothing has been recorded in the Review stage yet, so there are no figures for it.');
    expect(formatReport(review, 'table', { locale: 'zh-CN' })).toContain('评估阶段暂无任何记录，因此这一阶段还没有数据。');
    expect(formatReport(review, 'html', { locale: 'en' })).toContain('Nothing has been recorded in the Review stage yet');
    expect(formatReport(report, 'table', { locale: 'en' })).not.toContain('Nothing has been recorded');
    await store.close();
    const empty = createSqliteOutcomeStore(':memory:');
    const none = await buildReport(empty, community, { project: 'renewal', now: NOW });
    expect(formatReport(none, 'table', { locale: 'en' })).toContain('Nothing has been recorded for Riverside renewal yet, so there are no figures to show.');
    await empty.close();
  });

  it('says in one line when a project has no indicators, or none for responsible parties', () => {
    const bare = { ...report, rows: [] };
    expect(formatReport(bare, 'table', { locale: 'en' })).toContain('Riverside renewal has no indicators yet. A coordinator can add them under indicators in the community file');
    expect(formatReport(bare, 'table', { locale: 'zh-CN' })).toContain('河畔社区微更新尚未设定考核指标。');
    expect(formatReport({ ...bare, party: 'housing' }, 'html', { locale: 'en' })).toContain('Riverside renewal has no indicators for responsible parties yet');
    expect(formatReport({ ...bare, party: 'housing' }, 'table', { locale: 'zh-CN' })).toContain('河畔社区微更新尚未设定针对责任主体的考核指标，因此暂时无法单独查看某个责任主体的情况。');
    expect(formatReport({ ...report, rows: report.rows.filter((r) => r.axis !== 'process') }, 'table', { locale: 'zh-CN' })).toContain('过程定向\n这一维度暂无指标。');
    expect(formatReport(report, 'table', { locale: 'en' })).not.toContain('has no indicators');
  });

  it('lists the outcomes behind each figure when asked to explain', () => {
    const text = formatReport(report, 'table', { locale: 'en', explain: true });
    expect(text).toMatch(/Based on:\n(.*\n)*\s+fb-1-filed\s+feedback\.filed\s+2026-09-02 09:00/);
    expect(formatReport(report, 'table', { locale: 'en' })).not.toContain('fb-1-filed');
  });

  it('writes CSV that parses back to the same figures', () => {
    const rows = parseCsv(formatReport(report, 'csv', { locale: 'en' }));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.rows.length + 1);
    const actual = rows.slice(1).map((r) => (r[7] === '' ? null : Number(r[7])));
    expect(actual).toEqual(report.rows.map((r) => r.actual));
    expect(rows[1]?.[14]?.split(' ')).toEqual(report.rows[0]?.evidence);
  });

  it('writes JSON that validates against the report shape', () => {
    const Row = z.object({
      indicator: z.string(),
      axis: z.enum(['goal', 'process', 'responsibility']),
      scope: z.enum(['project', 'stage', 'party']),
      actual: z.number().nullable(),
      n: z.number().int(),
      met: z.boolean().nullable(),
      trend: z.number().nullable(),
      evidence: z.array(z.string()),
    });
    const parsed = z
      .object({ project: z.object({ id: z.literal('renewal') }), rows: z.array(Row), timeline: z.array(z.object({ stage: z.string() })) })
      .parse(JSON.parse(formatReport(report, 'json', { locale: 'en' })));
    expect(parsed.rows).toHaveLength(report.rows.length);
  });

  it('writes one self-contained HTML file with the chart inline', () => {
    const html = formatReport(report, 'html', { locale: 'zh-CN', explain: true });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('目标定位');
    expect(html).not.toMatch(/https?:|<script|<link|@import|src=/i);
  });
});

describe('report chart', () => {
  const ihdr = (png: Uint8Array) => {
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  };

  it('draws indicators against targets and the parties, as SVG and a PNG of the asked size', () => {
    const { svg, png } = renderReportChart(report, { width: 640, height: 480, locale: 'en' });
    expect(svg).toContain('Indicators against their targets');
    expect(svg).toContain('the housing office');
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(ihdr(png)).toEqual({ width: 640, height: 480 });
  });

  it('labels the chart in zh-CN', () => {
    const { svg, png } = renderReportChart(report, { width: 800, height: 600, locale: 'zh-CN' });
    expect(svg).toContain('住房办公室');
    expect(ihdr(png)).toEqual({ width: 800, height: 600 });
  });

  it('says a chart with Chinese words is not legible where no font writes Chinese, and finds such fonts', () => {
    const none = { files: [], chinese: false };
    expect(renderReportChart(report, { width: 640, height: 480, locale: 'zh-CN', fonts: none }).legible).toBe(false);
    expect(renderReportChart(report, { width: 640, height: 480, locale: 'en', fonts: none }).legible).toBe(true);
    expect(renderReportChart(report, { width: 640, height: 480, locale: 'zh-CN', fonts: { files: [], chinese: true } }).legible).toBe(true);
    // The machine's fonts, by their files: a folder without a Chinese font, and one with it a few folders down.
    const empty = mkdtempSync(join(tmpdir(), 'cg-fonts-'));
    writeFileSync(join(empty, 'DejaVuSans.ttf'), '');
    expect(chartFonts({}, [empty, join(empty, 'missing')])).toEqual({ files: [], chinese: false });
    const withChinese = mkdtempSync(join(tmpdir(), 'cg-fonts-'));
    mkdirSync(join(withChinese, 'opentype', 'noto'), { recursive: true });
    writeFileSync(join(withChinese, 'opentype', 'noto', 'NotoSansCJK-Regular.ttc'), '');
    expect(chartFonts({}, [empty, withChinese])).toEqual({ files: [], chinese: true });
    // CHART_FONT names a font file of its own; one that is not there is left out.
    const own = join(empty, 'brand.otf');
    writeFileSync(own, '');
    expect(chartFonts({ CHART_FONT: own }, [empty])).toEqual({ files: [own], chinese: true });
    expect(chartFonts({ CHART_FONT: join(empty, 'gone.ttf') }, [empty])).toEqual({ files: [], chinese: false });
  });

  it('keeps a long row name inside the picture, ending it in an ellipsis', () => {
    const long = { ...report, parties: report.parties.map((p) => ({ ...p, name: 'the residents\' committee of the riverside estate and its gardens' })) };
    const { svg } = renderReportChart(long, { width: 860, height: 480, locale: 'en', fonts: { files: [], chinese: true } });
    expect(svg).toContain('…');
    expect(svg).not.toContain('and its gardens');
  });
});
