import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createPostgresOutcomeStore } from '../../src/evaluation/postgres-store';
import { reportCommand } from '../../src/evaluation/report-cli';
import { createSqliteOutcomeStore } from '../../src/evaluation/sqlite-store';
import { scenarioOutcomes } from '../fixtures/evaluation/scenario';
import { runCliHere } from '../support/cli';

const COMMUNITY = fileURLToPath(new URL('../fixtures/evaluation/community.yaml', import.meta.url));
const AS_OF = '2026-10-20T12:00:00Z';
const url = inject('services').postgres;

async function dropSchema(schema: string) {
  const client = new pg.Client({ connectionString: url as string });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-report-cli-'));
  const store = createSqliteOutcomeStore(join(dir, 'outcomes.sqlite'));
  await store.append(scenarioOutcomes());
  await store.close();
  env = { DATA_DIR: dir, COMMUNITY_CONFIG: COMMUNITY, EVAL_DB_URL: '' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (...args: string[]) => runCliHere(['report', '--project', 'renewal', '--as-of', AS_OF, ...args], { env });
const squeeze = (text: string) => text.split('\n').map((line) => line.trim().replace(/\s{2,}/g, ' | '));

describe('commonground report', { timeout: 60_000 }, () => {
  it('prints the table from the outcome log in DATA_DIR', async () => {
    const { code, stdout, stderr } = await report();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = squeeze(stdout);
    expect(lines[0]).toBe('Evaluation: Riverside renewal');
    expect(lines).toContain('As of 2026-10-20 12:00 (UTC)');
    expect(lines).toContain('Reports resolved | whole project | 66.7% | ≥ 80% | 6 | not yet | +50 pp');
    expect(lines).toContain('turnout | whole project | 16 | ≥ 10 | 2 | yes | +8');
  });

  it("gives its times in the community's own time zone, and names it", async () => {
    const community = join(dir, 'community-shanghai.yaml');
    writeFileSync(community, `timeZone: Asia/Shanghai\n${readFileSync(COMMUNITY, 'utf8')}`);
    const { code, stdout } = await runCliHere(['report', '--project', 'renewal', '--as-of', AS_OF], { env: { ...env, COMMUNITY_CONFIG: community } });
    expect(code).toBe(0);
    expect(squeeze(stdout)).toContain('As of 2026-10-20 20:00 (Asia/Shanghai)');
    const zh = squeeze((await runCliHere(['report', '--project', 'renewal', '--as-of', AS_OF, '--locale', 'zh-CN'], { env: { ...env, COMMUNITY_CONFIG: community } })).stdout);
    expect(zh).toContain('截至 2026-10-20 20:00（Asia/Shanghai）');
  });

  it('narrows to a stage or a party, and gives CSV and JSON', async () => {
    const csv = (await report('--stage', 'building', '--format', 'csv')).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('axis,indicator,metric,mechanism,scope,stage,party,actual,target,direction,n,minimum_data,met,trend,evidence');
    expect(csv).toContain('goal,resolution-stage,feedback_resolution_rate,service,stage,building,,1,0.8,at_least,2,1,true,0.5,');
    expect(csv.some((line) => line.includes(',listening,'))).toBe(false);
    const json = JSON.parse((await report('--party', 'housing', '--format', 'json')).stdout) as { party: string; rows: { indicator: string; party: string; actual: number }[] };
    expect(json.party).toBe('housing');
    expect(json.rows.map((r) => [r.indicator, r.party, r.actual])).toEqual([
      ['ack-time', 'housing', 10],
      ['ack-in-time', 'housing', 2 / 3],
    ]);
  });

  it('refuses a party that does not exist, naming the ones that do', async () => {
    const { code, stdout, stderr } = await report('--party', 'ghost');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('There is no responsible party "ghost" in the community configuration; the parties are');
  });

  it('lists the outcomes behind each figure with --explain', async () => {
    const lines = squeeze((await report('--explain')).stdout);
    const at = lines.indexOf('on-time | whole project | 66.7% | ≥ 75% | 3 | not yet | +50 pp');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      'Based on:',
      'stage-listening-started | project.stage_started | 2026-09-01 10:00',
      'stage-building-started | project.stage_started | 2026-10-01 12:00',
      'stage-listening-finished | project.stage_finished | 2026-10-02 09:00',
    ]);
  });

  it('writes one self-contained HTML file and the chart as a PNG', async () => {
    const out = join(dir, 'report.html');
    const chart = join(dir, 'report.png');
    const { code, stdout } = await report('--format', 'html', '--out', out, '--chart', chart, '--locale', 'zh-CN');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('评估报告');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    expect([...readFileSync(chart).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('writes a chart with Chinese labels even without a Chinese font, and says why they are boxes', async () => {
    const chart = join(dir, 'boxes.png');
    const said: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => (said.push(String(text)), true));
    try {
      const options = { project: 'renewal', format: 'table' as const, locale: 'zh-CN' as const, chart, now: Date.parse(AS_OF) };
      await reportCommand({ ...options, fonts: { files: [], chinese: false } }, { ...env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
      expect(said.join('')).toBe(`${chart}：这台电脑没有中文字体，图表上的中文会显示成空白方框。请安装中文字体（Debian 或 Ubuntu：apt-get install fonts-noto-cjk），或者把 CHART_FONT 设为一个 .ttf、.otf 或 .ttc 字体文件。\n`);
      expect([...readFileSync(chart).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      said.length = 0;
      await reportCommand({ ...options, fonts: { files: [], chinese: true } }, env);
      await reportCommand({ ...options, locale: 'en' as const, fonts: { files: [], chinese: false } }, env);
      expect(said).toEqual([]);
    } finally {
      stderr.mockRestore();
    }
  });

  it('explains a mistake plainly', async () => {
    expect(await report('--format', 'xml')).toMatchObject({ code: 2, stderr: '--format must be one of table, csv, json, html\n' });
    expect(await report('--stage', 'planting')).toMatchObject({ code: 1, stderr: 'Project "renewal" has no stage "planting".\n' });
    const empty = mkdtempSync(join(tmpdir(), 'cg-report-empty-'));
    const missing = await runCliHere(['report', '--project', 'renewal'], { env: { ...env, DATA_DIR: empty } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no outcome log at');
    rmSync(empty, { recursive: true, force: true });
  });

  it.skipIf(!url)('reads PostgreSQL when EVAL_DB_URL names it', async () => {
    const schema = `cg_test_${randomBytes(6).toString('hex')}`;
    const store = await createPostgresOutcomeStore(url as string, { schema });
    await store.append(scenarioOutcomes());
    await store.close();
    try {
      const pgUrl = `${url as string}${(url as string).includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
      const { code, stdout } = await runCliHere(['report', '--project', 'renewal', '--as-of', AS_OF], { env: { ...env, EVAL_DB_URL: pgUrl } });
      expect(code).toBe(0);
      expect(squeeze(stdout)).toContain('Reports resolved | whole project | 66.7% | ≥ 80% | 6 | not yet | +50 pp');
    } finally {
      await dropSchema(schema);
    }
  });
});
