import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { environmentRefusal, readEnvironment } from '../config/environment';
import { loadCatalogue } from '../core/catalogue';
import { flowIndexOf } from '../core/indexes';
import { createLogger } from '../core/log';
import type { AuditEntry } from '../evaluation/audit';
import { createOutcomeDelivery } from '../evaluation/outbox-delivery';
import { openOutcomeStore } from '../evaluation/open-store';
import type { OutcomeStore } from '../evaluation/outcome';
import { createPseudonymiser, installationSecret } from '../evaluation/pseudonym';
import { allFunctions } from '../features';
import { loadFlows } from '../flows/loader';
import { PROMPTS_DIR } from '../paths';
import { openStateStore, type StateStore } from '../state/store';
import type { PlatformRecords } from './platform-records';
import { eraseData, exportData, PLATFORMS, summarise, type PrivacyDeps } from './rights';
import { displayWidth, terminalLine } from '../core/terminal-text';
import { operatorLocale, operatorWords } from '../operator-language';
import type { OperatorWords } from '../operator-error';

/** What a command-line command prints, and its exit code. */
export interface CliOutput {
  stdout: string;
  stderr: string;
  code: number;
}

/** Exit codes of `commonground privacy`, one for each thing that can be wrong. */
export const PRIVACY_EXIT = { ok: 0, unknownPlatform: 3, unknownPerson: 4, alreadyErased: 5, noData: 6 } as const;

/** What platforms keep of their own in a data folder (the web chat's invitations and sessions). */
export type PlatformRecordsIn = (dataDir: string) => { records: PlatformRecords[]; close(): void };

interface Opened {
  deps: PrivacyDeps;
  state: StateStore;
  outcomes: OutcomeStore;
  closePlatforms(): void;
}

/** Opens the bot's stores as the bot does (STORE_URL, EVAL_DB_URL, DATA_DIR), never creating empty ones. */
async function openStores(env: NodeJS.ProcessEnv, words: OperatorWords, platformsIn?: PlatformRecordsIn): Promise<Opened | string> {
  const environment = readEnvironment(env);
  const refused = environmentRefusal(environment);
  if (refused) return refused;
  const stateFile = join(environment.dataDir, 'state.sqlite');
  const outcomeFile = environment.evalDbUrl ?? join(environment.dataDir, 'outcomes.sqlite');
  if (!environment.storeUrl && !existsSync(stateFile)) return words('cli.privacy.no_bot_data', { where: environment.dataDir });
  if (!environment.evalDbUrl && !existsSync(outcomeFile)) return words('cli.outcome_log_missing', { where: outcomeFile });
  const functions = allFunctions();
  const catalogue = loadCatalogue([join(PROMPTS_DIR, 'messages')]);
  const flows = loadFlows(join(PROMPTS_DIR, 'flows'), functions, catalogue);
  const state = openStateStore(environment.storeUrl, environment.dataDir, { indexOf: flowIndexOf(flows) });
  const outcomes = await openOutcomeStore(outcomeFile);
  // Outcomes still waiting in the state's outbox reach the log first, so the erasure covers them too.
  await createOutcomeDelivery(state, outcomes, createLogger({ level: 'silent' })).flush();
  const pseudonymise = createPseudonymiser(installationSecret(environment.dataDir, env));
  const platforms = platformsIn?.(environment.dataDir) ?? { records: [], close: () => undefined };
  // What an erasure could not make sure of in the stores' files is logged on standard error (never who).
  const log = createLogger({ level: env.LOG_LEVEL ?? 'warn' });
  return { deps: { state, outcomes, pseudonymise, now: () => Date.now(), platformRecords: platforms.records, log }, state, outcomes, closePlatforms: platforms.close };
}

async function withStores(env: NodeJS.ProcessEnv, words: OperatorWords, platformsIn: PlatformRecordsIn | undefined, work: (opened: Opened) => Promise<CliOutput>): Promise<CliOutput> {
  const opened = await openStores(env, words, platformsIn);
  if (typeof opened === 'string') return { stdout: '', stderr: `${opened}\n`, code: PRIVACY_EXIT.noData };
  try {
    return await work(opened);
  } finally {
    opened.closePlatforms();
    await opened.state.close();
    await opened.outcomes.close();
  }
}

function checkPlatform(platform: string, words: OperatorWords): CliOutput | undefined {
  if ((PLATFORMS as readonly string[]).includes(platform)) return undefined;
  return { stdout: '', stderr: `${words('cli.privacy.unknown_platform', { platform: terminalLine(platform), platforms: PLATFORMS.join(', ') })}\n`, code: PRIVACY_EXIT.unknownPlatform };
}

const who = (platform: string, user: string) => `${platform}:${terminalLine(user)}`;

/** `commonground privacy export`: the person's data as JSON on standard output. */
export async function privacyExport(options: { platform: string; user: string }, env: NodeJS.ProcessEnv = process.env, platformsIn?: PlatformRecordsIn): Promise<CliOutput> {
  const words = operatorWords(operatorLocale(env));
  const bad = checkPlatform(options.platform, words);
  if (bad) return bad;
  return withStores(env, words, platformsIn, async ({ deps, outcomes }) => {
    const subject = { platform: options.platform, userId: options.user };
    const summary = await summarise(deps, subject);
    if (summary.records.length === 0 && summary.settings === 0 && summary.outcomes === 0 && summary.audit === 0 && summary.platform === 0)
      return { stdout: '', stderr: `${words('cli.privacy.nothing_kept', { who: who(options.platform, options.user) })}\n`, code: PRIVACY_EXIT.unknownPerson };
    const data = await exportData(deps, subject);
    const pseudonym = deps.pseudonymise(options.platform, options.user);
    await outcomes.audit.append({ at: deps.now(), actor: 'admin', action: 'privacy.export', target: pseudonym });
    return { stdout: `${JSON.stringify(data, null, 2)}\n`, stderr: '', code: PRIVACY_EXIT.ok };
  });
}

/** `commonground privacy erase`: erases the person and prints what was erased, per store. */
export async function privacyErase(options: { platform: string; user: string }, env: NodeJS.ProcessEnv = process.env, platformsIn?: PlatformRecordsIn): Promise<CliOutput> {
  const words = operatorWords(operatorLocale(env));
  const bad = checkPlatform(options.platform, words);
  if (bad) return bad;
  return withStores(env, words, platformsIn, async ({ deps }) => {
    const person = who(options.platform, options.user);
    const result = await eraseData(deps, { platform: options.platform, userId: options.user }, 'admin');
    if (result.kind === 'unknown') return { stdout: '', stderr: `${words('cli.privacy.nothing_to_erase', { who: person })}\n`, code: PRIVACY_EXIT.unknownPerson };
    if (result.kind === 'already-erased') return { stdout: '', stderr: `${words('cli.privacy.erased_before', { who: person })}\n`, code: PRIVACY_EXIT.alreadyErased };
    const { report } = result;
    const lines = [
      words('cli.privacy.erased', { who: person }),
      words('cli.privacy.state', { records: report.state.records, keys: report.state.keys, lists: report.state.lists, timers: report.state.timers }),
      words('cli.privacy.outcomes', { outcomes: report.outcomes.outcomes }),
    ];
    if (report.platform.records > 0) lines.push(words('cli.privacy.platform', { platform: options.platform, records: report.platform.records }));
    if (report.anonymousReports.length > 0) lines.push(words('cli.privacy.anonymous_reports', { refs: report.anonymousReports.join(', ') }));
    if (report.endedMediations.length > 0) lines.push(words('cli.privacy.ended_mediations', { refs: report.endedMediations.join(', ') }));
    if (report.agreedMediations.length > 0) lines.push(words('cli.privacy.agreed_mediations', { refs: report.agreedMediations.join(', ') }));
    if (report.files.kind === 'rewriting') lines.push(words('cli.privacy.files_rewriting', { commands: report.files.commands.join(', ') }));
    if (report.files.kind === 'unknown') lines.push(words('cli.privacy.files_unknown', { reason: terminalLine(report.files.reason) }));
    return { stdout: `${lines.join('\n')}\n`, stderr: '', code: PRIVACY_EXIT.ok };
  });
}

/** `commonground audit`: the audit trail, as a table or JSON. */
export async function auditCommand(options: { since?: number; limit?: number; format: 'table' | 'json' }, env: NodeJS.ProcessEnv = process.env): Promise<CliOutput> {
  const environment = readEnvironment(env);
  const refused = environmentRefusal(environment);
  if (refused) return { stdout: '', stderr: `${refused}\n`, code: PRIVACY_EXIT.noData };
  const words = operatorWords(operatorLocale(env));
  const url = environment.evalDbUrl ?? join(environment.dataDir, 'outcomes.sqlite');
  if (!environment.evalDbUrl && !existsSync(url)) return { stdout: '', stderr: `${words('cli.outcome_log_missing', { where: url })}\n`, code: PRIVACY_EXIT.noData };
  const store = await openOutcomeStore(url);
  try {
    const entries = await store.audit.read({ ...(options.since !== undefined ? { since: options.since } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}) });
    if (options.format === 'json') return { stdout: `${JSON.stringify(entries, null, 2)}\n`, stderr: '', code: 0 };
    return { stdout: auditTable(entries, words), stderr: '', code: 0 };
  } finally {
    await store.close();
  }
}

function auditTable(entries: AuditEntry[], words: OperatorWords): string {
  if (entries.length === 0) return `${words('cli.audit.empty')}\n`;
  const rows = [[words('cli.audit.when'), words('cli.audit.who'), words('cli.audit.what'), words('cli.audit.target')], ...entries.map((e) => [new Date(e.at).toISOString().slice(0, 19).replace('T', ' '), e.actor, e.action, e.target])];
  // Chinese headings take two columns a character in a terminal.
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? '')))) ?? [];
  return `${rows.map((r) => r.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))).join('  ').trimEnd()).join('\n')}\n`;
}
