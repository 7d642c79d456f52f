import { statSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config/config-error';
import { OperatorError } from './operator-error';
import { terminalLine, terminalText } from './core/terminal-text';

/** Reads all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function buildProgram(): Command {
  const program = new Command('commonground')
    .description('A chat bot that helps a community govern itself together: feedback, dialogue and mediation.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('start')
    .description('Run the bot: every platform whose tokens are set, or the local chat when none are.')
    .action(async () => {
      const { start } = await import('./main');
      process.exitCode = await start();
    });

  program
    .command('chat')
    .description('Run the local chat in the terminal; reads a transcript when stdin is not a terminal (commonground chat < demo.txt).')
    .action(async () => {
      const { start } = await import('./main');
      process.exitCode = await start({ chatOnly: true });
    });

  program
    .command('invite')
    .description('Print a one-time link that lets one person into the web chat (WEB_PORT), or end their sessions with --revoke.')
    .option('--name <name>', 'the name the person is shown under')
    .option('--role <role>', 'resident, social_worker, coordinator, or a responsible party id', 'resident')
    .option('--days <days>', 'how many days the link stays valid', '7')
    .option('--revoke <name>', 'end every session and unused invitation of this name')
    .action(async (opts: { name?: string; role: string; days: string; revoke?: string }) => {
      if (opts.revoke === undefined && !opts.name?.trim()) throw new CliError('cli.invite.name_missing');
      const days = Number(opts.days);
      if (!Number.isFinite(days) || days <= 0 || days > 90) throw new CliError('cli.invite.days');
      const { invite } = await import('./main');
      const result = await invite({ ...opts, days, ...(opts.name ? { name: opts.name.trim().slice(0, 80) } : {}) });
      for (const line of result.lines) process.stdout.write(`${line}\n`);
      process.exitCode = result.code;
    });

  program
    .command('validate')
    .description('Check flow scripts (the given files, or all of them), the community configuration and the tone lexicons, without starting.')
    .argument('[files...]', 'flow script files to check')
    .option('--graph <flow>', 'print one flow (its id, e.g. mediation, or its file) as a Mermaid graph drawn from the script alone')
    .action(async (files: string[], opts: { graph?: string }) => {
      const { graph, validate } = await import('./validate');
      const print = (line: string) => process.stdout.write(`${line}\n`);
      process.exitCode = opts.graph !== undefined ? graph(opts.graph, print, (line) => process.stderr.write(`${line}\n`)) : validate(files, print);
    });

  program
    .command('bench')
    .description('Measure the core, consensus, summaries and reports, and print the figures.')
    .option('--only <suites>', 'comma-separated suites to run')
    .action(async (opts: { only?: string }) => {
      const { runBenchmarks } = await import('./bench/run');
      // The bot's wiring (main.ts) is loaded only by the suites that measure an adapter, so that it
      // does not count in the memory the core suite measures.
      const adapterSuites = { web: async () => (await import('./main')).adapterBenchSuites.web() };
      process.exitCode = await runBenchmarks(opts.only?.split(','), (line) => process.stdout.write(`${line}\n`), adapterSuites);
    });

  program
    .command('fleet-member', { hidden: true })
    .description('One bot process of the fleet test and benchmark: the real Slack and Discord adapters, on the platforms SLACK_API_URL and DISCORD_API_URL name.')
    .action(async () => {
      const { serveFleetMember } = await import('./bench/fleet-member');
      await serveFleetMember();
      process.exit(0);
    });

  program
    .command('bench-open-runs', { hidden: true })
    .description('The core benchmark\'s open-runs figures, in a process that loads only the bot: one JSON line.')
    .action(async () => {
      const { serveOpenRuns } = await import('./bench/open-runs');
      await serveOpenRuns();
    });

  program
    .command('report')
    .description('Evaluate a project against its indicators, from the outcome log (EVAL_DB_URL or DATA_DIR) and COMMUNITY_CONFIG.')
    .requiredOption('--project <id>', 'the project')
    .option('--stage <id>', 'one stage only')
    .option('--party <id>', 'one responsible party only')
    .option('--format <format>', 'table, csv, json or html', 'table')
    .option('--locale <locale>', 'en or zh-CN (default: the community language)')
    .option('--explain', 'list the outcomes behind each figure')
    .option('--out <file>', 'write the report to a file')
    .option('--chart <file.png>', 'also draw the chart as a PNG')
    .option('--as-of <date>', 'judge deadlines as of this date or time (ISO 8601) rather than now')
    .action(async (opts: { project: string; stage?: string; party?: string; format: string; locale?: string; explain?: boolean; out?: string; chart?: string; asOf?: string }) => {
      const { reportCommand, REPORT_FORMATS } = await import('./evaluation/report-cli');
      const format = REPORT_FORMATS.find((f) => f === opts.format);
      if (!format) throw new CliError('cli.option.one_of', { option: '--format', choices: REPORT_FORMATS.join(', ') });
      if (opts.locale !== undefined && opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      const { parseInstant } = await import('./core/dates');
      const now = opts.asOf === undefined ? undefined : (parseInstant(opts.asOf) ?? Number.NaN);
      if (now !== undefined && Number.isNaN(now)) throw new CliError('cli.option.date', { option: '--as-of' });
      const { asOf: _asOf, locale, ...rest } = opts;
      process.stdout.write(await reportCommand({ ...rest, format, ...(locale ? { locale } : {}), ...(now !== undefined ? { now } : {}) }));
    });

  program
    .command('consensus')
    .description('Find opinion groups, common ground and divisive statements in votes (CSV: rows participants, columns statements), or in a Pol.is export.')
    .option('--file <votes.csv>', 'the votes: 1 agree, -1 disagree, 0 pass, empty not seen; a header row of statement ids')
    .option('--polis <participants-votes.csv>', 'a Pol.is participants-votes.csv, as exported')
    .option('--comments <comments.csv>', 'the Pol.is comments.csv, for moderation (default: the one beside --polis, if any)')
    .option('--all', 'list every common-ground and divisive statement, not only the first ten')
    .option('--export-polis <out.csv>', 'also write the votes and groups as a Pol.is participants-votes.csv')
    .action(async (opts: { file?: string; polis?: string; comments?: string; all?: boolean; exportPolis?: string }) => {
      if ((opts.file === undefined) === (opts.polis === undefined)) throw new CliError('cli.consensus.which_votes');
      notAFolder(opts.file);
      notAFolder(opts.polis, '--polis');
      const { runConsensus } = await import('./dialogue/consensus-cli');
      process.stdout.write(`${runConsensus(opts)}\n`);
    });

  program
    .command('tone')
    .description('Check sentences (one per line on stdin) for hostile language; prints ok or flag:<kind> per line.')
    .option('--locale <locale>', 'en or zh-CN', 'en')
    .option('--engine <engine>', 'offline, or llm for a second opinion on unsure lines (the model set by LLM_PROVIDER)', 'offline')
    .action(async (opts: { locale: string; engine: string }) => {
      const { toneCommand } = await import('./mediation/tone-cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.engine !== 'offline' && opts.engine !== 'llm') throw new CliError('cli.option.either', { option: '--engine', first: 'offline', second: 'llm' });
      process.stdout.write(await toneCommand(await readStdin(), { locale: opts.locale, engine: opts.engine }));
    });

  program
    .command('summarize')
    .description('Summarise a JSONL file of messages (one {"id","author","text","at"} a line) as topics; offline unless --engine llm.')
    .requiredOption('--file <messages.jsonl>', 'the messages')
    .option('--locale <locale>', 'the language of the summary: en or zh-CN', 'en')
    .option('--engine <engine>', 'offline or llm (the model set by LLM_PROVIDER)', 'offline')
    .action(async (opts: { file: string; locale: string; engine: string }) => {
      const { summarizeFile } = await import('./summaries/cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.engine !== 'offline' && opts.engine !== 'llm') throw new CliError('cli.option.either', { option: '--engine', first: 'offline', second: 'llm' });
      notAFolder(opts.file);
      printFileOutput(await summarizeFile(opts.file, { locale: opts.locale, engine: opts.engine }));
    });

  program
    .command('themes')
    .description('Find the themes in a JSONL file of feedback reports (one {"id","text"} a line).')
    .requiredOption('--file <reports.jsonl>', 'the reports')
    .option('--locale <locale>', 'the language of the output: en or zh-CN', 'en')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { file: string; locale: string; format: string }) => {
      const { themesFile } = await import('./summaries/cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.format !== 'text' && opts.format !== 'json') throw new CliError('cli.option.either', { option: '--format', first: 'text', second: 'json' });
      notAFolder(opts.file);
      printFileOutput(await themesFile(opts.file, { locale: opts.locale, format: opts.format }));
    });

  const privacy = program.command('privacy').description("For administrators: a person's data, as JSON (export) or erased (erase), on their behalf.");
  for (const [name, description] of [
    ['export', 'Print everything a person wrote and everything recorded about them, as JSON.'],
    ['erase', 'Erase a person from every store (their words, ids and names); prints what was erased, per store.'],
  ] as const) {
    privacy
      .command(name)
      .description(description)
      .requiredOption('--platform <platform>', 'local, discord, slack or web')
      .requiredOption('--user <id>', "the person's user id on that platform")
      .action(async (opts: { platform: string; user: string }) => {
        const { privacyErase, privacyExport } = await import('./privacy/cli');
        // The web chat keeps invitations and sessions of its own in the data folder: they go too.
        // The local chat keeps the files it sent a person (their exports): they go too.
        const { webRecordsIn } = await import('../adapters/web/privacy');
        const { localRecordsIn } = await import('../adapters/local/attachments');
        const recordsIn = (dataDir: string) => {
          const [web, local] = [webRecordsIn(dataDir), localRecordsIn(dataDir)];
          return { records: [...web.records, ...local.records], close: () => (web.close(), local.close()) };
        };
        printFileOutput(await (name === 'export' ? privacyExport : privacyErase)(opts, process.env, recordsIn));
      });
  }

  program
    .command('audit')
    .description('Show who ran reports, summaries, exports and erasures, and when (the audit trail; never message text).')
    .option('--since <date>', 'entries from this date or time on (ISO 8601)')
    .option('--limit <n>', 'the newest n entries only')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { since?: string; limit?: string; format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') throw new CliError('cli.option.either', { option: '--format', first: 'table', second: 'json' });
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError('cli.option.limit', { option: '--limit' });
      const { parseInstant } = await import('./core/dates');
      const since = opts.since === undefined ? undefined : (parseInstant(opts.since) ?? Number.NaN);
      if (since !== undefined && Number.isNaN(since)) throw new CliError('cli.option.date', { option: '--since' });
      const { auditCommand } = await import('./privacy/cli');
      printFileOutput(await auditCommand({ format: opts.format, ...(since !== undefined ? { since } : {}), ...(limit !== undefined ? { limit } : {}) }));
    });

  return program;
}

/** Writes what a file command printed and sets its exit code. */
function printFileOutput(output: { stdout: string; stderr: string; code: number }): void {
  if (output.stderr) process.stderr.write(output.stderr);
  if (output.stdout) process.stdout.write(output.stdout);
  process.exitCode = output.code;
}

/**
 * A mistake in how the command was called: a sentence of `cli.yaml` (with its values), printed in
 * the operator's language as one plain line, exit code 2.
 */
export class CliError extends OperatorError {}

/** Refuses a `--file` that names a folder, with what to do instead. */
function notAFolder(file: string | undefined, option = '--file'): void {
  if (file !== undefined && statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new CliError('cli.folder_not_file', { option, file });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // What is said to the operator is in their language (LC_ALL, LC_MESSAGES, LANG): the sentences
    // are read only now, so that --help and every command that goes well never load them.
    const { operatorWords } = await import('./operator-language');
    const words = operatorWords();
    if (error instanceof ConfigError) {
      process.stderr.write(`${terminalText([words('cli.config_problem', { file: error.file }), ...error.problems.map((p) => `  - ${p}`)].join('\n'))}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${terminalText(error.describe(words))}\n`);
      return 2;
    }
    if (error instanceof OperatorError) {
      process.stderr.write(`${terminalText(error.describe(words))}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const { address, port } = error as { address?: string; port?: number };
      process.stderr.write(`${words('cli.port_in_use', { address: terminalLine(`${address ?? ''}:${port ?? ''}`) })}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${words('cli.file_not_found', { file: terminalLine((error as NodeJS.ErrnoException).path ?? '') })}\n`);
      return 1;
    }
    // Messages may quote what was typed or read (a bad CSV cell): shown inert, never as terminal controls.
    process.stderr.write(`${terminalText((error as Error).message)}\n`);
    return 1;
  }
}
