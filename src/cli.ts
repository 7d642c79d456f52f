import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config/config-error';
import { OperatorError } from './operator-error';
import { operatorLocale, operatorWords } from './operator-language';
import { outputFileRefusal } from './output-file';
import { PROJECT_ROOT } from './paths';
import { terminalLine, terminalText } from './core/terminal-text';

/** Reads all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The headings commander prints, by the words it prints them with. */
const TITLES: Record<string, string> = { 'Usage:': 'usage', 'Options:': 'options', 'Commands:': 'commands', 'Arguments:': 'arguments' };

export function buildProgram(): Command {
  // The help is in the operator's language (LC_ALL, LC_MESSAGES, LANG), as everything else the command line says.
  const words = operatorWords(operatorLocale());
  const d = (key: string) => words(`cli.help.${key}`);
  const program = new Command('commonground')
    .description(d('program'))
    .exitOverride()
    // Commander's own error lines are replaced by sentences in the operator's language (`commandLineMistake`).
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => undefined })
    .helpOption('-h, --help', d('help'))
    .version(packageVersion(), '-V, --version', d('version'))
    .helpCommand('help [command]', d('help'))
    .configureHelp({
      styleTitle: (title) => (TITLES[title] ? d(`title.${TITLES[title]}`) : title),
      // An option's default, said in the same language as its description.
      optionDescription: (option) => (option.defaultValue === undefined ? option.description : `${option.description}${words('cli.help.default', { value: JSON.stringify(option.defaultValue) })}`),
    });

  program
    .command('start')
    .description(d('start.about'))
    .action(async () => {
      const { start } = await import('./main');
      process.exitCode = await start();
    });

  program
    .command('chat')
    .description(d('chat.about'))
    .action(async () => {
      const { start } = await import('./main');
      process.exitCode = await start({ chatOnly: true });
    });

  program
    .command('invite')
    .description(d('invite.about'))
    .option('--name <name>', d('invite.name'))
    .option('--role <role>', d('invite.role'), 'resident')
    .option('--days <days>', d('invite.days'), '7')
    .option('--revoke <name>', d('invite.revoke'))
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
    .description(d('validate.about'))
    .argument('[files...]', d('validate.files'))
    .option('--graph <flow>', d('validate.graph'))
    .action(async (files: string[], opts: { graph?: string }) => {
      const { graph, validate } = await import('./validate');
      const print = (line: string) => process.stdout.write(`${line}\n`);
      process.exitCode = opts.graph !== undefined ? graph(opts.graph, print, (line) => process.stderr.write(`${line}\n`)) : validate(files, print);
    });

  program
    .command('bench')
    .description(d('bench.about'))
    .option('--only <suites>', d('bench.only'))
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
    .description(d('report.about'))
    .requiredOption('--project <id>', d('report.project'))
    .option('--stage <id>', d('report.stage'))
    .option('--party <id>', d('report.party'))
    .option('--format <format>', d('report.format'), 'table')
    .option('--locale <locale>', d('report.locale'))
    .option('--explain', d('report.explain'))
    .option('--out <file>', d('report.out'))
    .option('--chart <file.png>', d('report.chart'))
    .option('--as-of <date>', d('report.as_of'))
    .action(async (opts: { project: string; stage?: string; party?: string; format: string; locale?: string; explain?: boolean; out?: string; chart?: string; asOf?: string }) => {
      const { reportCommand, REPORT_FORMATS } = await import('./evaluation/report-cli');
      const format = REPORT_FORMATS.find((f) => f === opts.format);
      if (!format) throw new CliError('cli.option.one_of', { option: '--format', choices: REPORT_FORMATS.join(', ') });
      if (opts.locale !== undefined && opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      const { parseInstant } = await import('./core/dates');
      const now = opts.asOf === undefined ? undefined : (parseInstant(opts.asOf) ?? Number.NaN);
      if (now !== undefined && Number.isNaN(now)) throw new CliError('cli.option.date', { option: '--as-of' });
      writableFile(opts.out, '--out');
      writableFile(opts.chart, '--chart');
      const { asOf: _asOf, locale, ...rest } = opts;
      process.stdout.write(await reportCommand({ ...rest, format, ...(locale ? { locale } : {}), ...(now !== undefined ? { now } : {}) }));
    });

  program
    .command('consensus')
    .description(d('consensus.about'))
    .option('--file <votes.csv>', d('consensus.file'))
    .option('--polis <participants-votes.csv>', d('consensus.polis'))
    .option('--comments <comments.csv>', d('consensus.comments'))
    .option('--all', d('consensus.all'))
    .option('--export-polis <out.csv>', d('consensus.export_polis'))
    .action(async (opts: { file?: string; polis?: string; comments?: string; all?: boolean; exportPolis?: string }) => {
      if ((opts.file === undefined) === (opts.polis === undefined)) throw new CliError('cli.consensus.which_votes');
      notAFolder(opts.file);
      notAFolder(opts.polis, '--polis');
      writableFile(opts.exportPolis, '--export-polis');
      const { runConsensus } = await import('./dialogue/consensus-cli');
      process.stdout.write(`${runConsensus(opts)}\n`);
    });

  program
    .command('tone')
    .description(d('tone.about'))
    .option('--locale <locale>', d('tone.locale'), 'en')
    .option('--engine <engine>', d('tone.engine'), 'offline')
    .action(async (opts: { locale: string; engine: string }) => {
      const { toneCommand } = await import('./mediation/tone-cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.engine !== 'offline' && opts.engine !== 'llm') throw new CliError('cli.option.either', { option: '--engine', first: 'offline', second: 'llm' });
      process.stdout.write(await toneCommand(await readStdin(), { locale: opts.locale, engine: opts.engine }));
    });

  program
    .command('summarize')
    .description(d('summarize.about'))
    .requiredOption('--file <messages.jsonl>', d('summarize.file'))
    .option('--locale <locale>', d('summarize.locale'), 'en')
    .option('--engine <engine>', d('summarize.engine'), 'offline')
    .action(async (opts: { file: string; locale: string; engine: string }) => {
      const { summarizeFile } = await import('./summaries/cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.engine !== 'offline' && opts.engine !== 'llm') throw new CliError('cli.option.either', { option: '--engine', first: 'offline', second: 'llm' });
      notAFolder(opts.file);
      printFileOutput(await summarizeFile(opts.file, { locale: opts.locale, engine: opts.engine }));
    });

  program
    .command('themes')
    .description(d('themes.about'))
    .requiredOption('--file <reports.jsonl>', d('themes.file'))
    .option('--locale <locale>', d('themes.locale'), 'en')
    .option('--format <format>', d('themes.format'), 'text')
    .action(async (opts: { file: string; locale: string; format: string }) => {
      const { themesFile } = await import('./summaries/cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('cli.option.either', { option: '--locale', first: 'en', second: 'zh-CN' });
      if (opts.format !== 'text' && opts.format !== 'json') throw new CliError('cli.option.either', { option: '--format', first: 'text', second: 'json' });
      notAFolder(opts.file);
      printFileOutput(await themesFile(opts.file, { locale: opts.locale, format: opts.format }));
    });

  const privacy = program.command('privacy').description(d('privacy.about'));
  for (const [name, description] of [
    ['export', d('privacy.export')],
    ['erase', d('privacy.erase')],
  ] as const) {
    privacy
      .command(name)
      .description(description)
      .requiredOption('--platform <platform>', d('privacy.platform'))
      .requiredOption('--user <id>', d('privacy.user'))
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
    .description(d('audit.about'))
    .option('--since <date>', d('audit.since'))
    .option('--limit <n>', d('audit.limit'))
    .option('--format <format>', d('audit.format'), 'table')
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

/** Refuses a file to write that cannot be written (a folder, in a folder not there, not this user's to write), before any work is done. */
function writableFile(file: string | undefined, option: string): void {
  const refused = file === undefined ? undefined : outputFileRefusal(option, file);
  if (refused) throw new CliError(refused.key, refused.vars);
}

/** Commander's codes for help it has printed: nothing more to say. */
const HELP_SHOWN = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** What commander found wrong with how the program was called, said in the operator's language, with where to look. */
function commandLineMistake(error: CommanderError, argv: string[], program: Command): string {
  const words = operatorWords(operatorLocale());
  const [first] = [...error.message.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(error.message)?.[1];
  // The command as typed, up to the subcommand commander was working on (`privacy erase`).
  const typed: string[] = [];
  let at = program;
  for (const word of argv.slice(2)) {
    const next = at.commands.find((c) => c.name() === word);
    if (!next) break;
    typed.push(word);
    at = next;
  }
  const command = ['commonground', ...typed].join(' ');
  const vars = { command, help: `${command} --help`, suggestion: suggestion ? words('cli.mistake.did_you_mean', { name: suggestion }) : '' };
  switch (error.code) {
    case 'commander.unknownCommand':
      return words('cli.mistake.unknown_command', { ...vars, word: first ?? '' });
    case 'commander.unknownOption':
      return words('cli.mistake.unknown_option', { ...vars, option: first ?? '' });
    case 'commander.missingMandatoryOptionValue': {
      // Commander checks the required options first: an option it does not know, typed with them
      // (`report --bogus`), is the mistake to name, or it would never be mentioned.
      const unknown = argv.slice(2 + typed.length).find((word) => /^--?[^-]/.test(word) && !at.options.some((o) => [o.long, o.short].includes(word.split('=')[0])) && word !== '-h' && word !== '--help');
      if (unknown !== undefined) return words('cli.mistake.unknown_option', { ...vars, option: unknown.split('=')[0] ?? unknown });
      return words('cli.mistake.required_option', { ...vars, option: first ?? '' });
    }
    case 'commander.optionMissingArgument':
      return words('cli.mistake.option_value', { ...vars, option: first?.split(' ')[0] ?? '', value: first?.split(' ')[1] ?? '' });
    case 'commander.missingArgument':
      return words('cli.mistake.missing_argument', { ...vars, argument: first ?? '' });
    case 'commander.excessArguments':
      return words('cli.mistake.too_many', vars);
    default:
      // Anything else commander may say, as it says it.
      return error.message;
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help shown (also when a command was called without its subcommand) is not a mistake to describe.
      if (!HELP_SHOWN.has(error.code)) process.stderr.write(`${terminalText(commandLineMistake(error, argv, program))}\n`);
      return error.exitCode;
    }
    // What is said to the operator is in their language (LC_ALL, LC_MESSAGES, LANG).
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

/** The version in the project's package.json (the repository's, or the installed package's). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
