import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCatalogue } from '../core/catalogue';
import { terminalLine } from '../core/terminal-text';
import { PLAIN_SCHEMA, searchPathOf } from '../evaluation/schema-name';
import { operatorLocale } from '../operator-language';
import { EXAMPLE_COMMUNITY, PROMPTS_DIR } from '../paths';

/** Settings that come from the environment: secrets and backends, never from files in the repo. */
export interface Environment {
  communityFile: string;
  dataDir: string;
  storeUrl: string | undefined;
  evalDbUrl: string | undefined;
  logLevel: string | undefined;
  /** A font file for the report's chart (see src/evaluation/chart.ts). */
  chartFont: string | undefined;
  /** HEALTH_PORT and SHUTDOWN_TIMEOUT_MS as given, checked with the rest before the start. */
  healthPort: string | undefined;
  shutdownTimeoutMs: string | undefined;
}

/** The log levels pino knows. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    communityFile: env.COMMUNITY_CONFIG ? resolve(env.COMMUNITY_CONFIG) : EXAMPLE_COMMUNITY,
    // Unset and set to nothing (or only spaces) alike, as a compose file's `DATA_DIR=` leaves it:
    // never the current folder, nor a folder named " ".
    dataDir: resolve(env.DATA_DIR?.trim() ? env.DATA_DIR : './data'),
    storeUrl: env.STORE_URL || undefined,
    evalDbUrl: env.EVAL_DB_URL || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    chartFont: env.CHART_FONT || undefined,
    healthPort: env.HEALTH_PORT || undefined,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS || undefined,
  };
}

/** A setting from the environment the bot cannot use: a message key of `core.environment`, with its values. */
export interface EnvironmentProblem {
  key:
    | 'core.environment.store_url'
    | 'core.environment.eval_db_url'
    | 'core.environment.eval_db_schema'
    | 'core.environment.sqlite_folder'
    | 'core.environment.chart_font'
    | 'core.environment.log_level'
    | 'core.environment.health_port'
    | 'core.environment.shutdown_timeout';
  vars: Record<string, string>;
}

/**
 * STORE_URL and EVAL_DB_URL as the bot reads them, checked before anything is opened: a value it
 * does not recognise (`reddis://...`, `mysql://...`) would otherwise quietly mean a file in the
 * data folder, splitting the state between processes or losing track of it.
 */
export function environmentProblems(environment: Environment): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const store = environment.storeUrl;
  if (store !== undefined && store !== 'memory' && !(/^sqlite:\/\/./i.test(store) || (/^rediss?:\/\//i.test(store) && URL.canParse(store))))
    problems.push({ key: 'core.environment.store_url', vars: { value: withoutPassword(store) } });
  const outcomes = environment.evalDbUrl;
  if (outcomes !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(outcomes) && !(/^sqlite:\/\/./i.test(outcomes) || (/^postgres(ql)?:\/\//i.test(outcomes) && URL.canParse(outcomes))))
    problems.push({ key: 'core.environment.eval_db_url', vars: { value: withoutPassword(outcomes) } });
  else if (outcomes !== undefined && /^postgres(ql)?:\/\//i.test(outcomes)) {
    const schema = searchPathOf(outcomes);
    if (schema !== undefined && !PLAIN_SCHEMA.test(schema)) problems.push({ key: 'core.environment.eval_db_schema', vars: { value: schema } });
  }
  // A SQLite file in a folder that is not there: said with the setting, not as a file not found.
  for (const [setting, url] of [['STORE_URL', store], ['EVAL_DB_URL', outcomes]] as const) {
    const file = url === undefined ? undefined : /^sqlite:\/\/./i.test(url) ? url.slice('sqlite://'.length) : setting === 'EVAL_DB_URL' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && url !== ':memory:' ? url.replace(/^sqlite:/i, '') : undefined;
    if (file !== undefined && file !== ':memory:' && !existsSync(dirname(resolve(file)))) problems.push({ key: 'core.environment.sqlite_folder', vars: { setting, value: dirname(resolve(file)) } });
  }
  if (environment.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(environment.logLevel)) problems.push({ key: 'core.environment.log_level', vars: { value: environment.logLevel, levels: LOG_LEVELS.join(', ') } });
  const port = environment.healthPort;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) problems.push({ key: 'core.environment.health_port', vars: { value: port } });
  const deadline = environment.shutdownTimeoutMs;
  if (deadline !== undefined && !(/^\d{1,7}$/.test(deadline) && Number(deadline) > 0)) problems.push({ key: 'core.environment.shutdown_timeout', vars: { value: deadline } });
  // A font named for the charts that is not there would leave Chinese charts out without a word at start.
  const font = environment.chartFont;
  if (font !== undefined && !(/\.(ttf|ttc|otf|otc)$/i.test(font) && existsSync(font) && statSync(font).isFile())) problems.push({ key: 'core.environment.chart_font', vars: { value: font } });
  return problems;
}

/** A store's address to show or log: without a password (`redis://:***@host:6379`). */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

/**
 * For the command-line tools that open the bot's stores (privacy, audit, report): the first setting
 * they cannot use, as one sentence in the operator's language, so that they never work on a store
 * other than the bot's.
 */
export function environmentRefusal(environment: Environment): string | undefined {
  // Only where the stores are, and the log: a chart's font or a port is no reason to refuse an export or an erasure.
  const problem = environmentProblems(environment).find((p) => !['core.environment.chart_font', 'core.environment.health_port', 'core.environment.shutdown_timeout'].includes(p.key));
  return problem && loadCatalogue(join(PROMPTS_DIR, 'messages')).t(operatorLocale(), problem.key, { ...problem.vars, value: terminalLine(problem.vars.value ?? '') });
}
