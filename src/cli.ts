import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config/load';

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
    .command('validate')
    .description('Check flow scripts (the given files, or all of them) and the community configuration, without starting.')
    .argument('[files...]', 'flow script files to check')
    .action(async (files: string[]) => {
      const { validate } = await import('./validate');
      process.exitCode = validate(files, (line) => process.stdout.write(`${line}\n`));
    });

  program
    .command('bench')
    .description('Measure the core, consensus, summaries and reports, and print the figures.')
    .option('--only <suites>', 'comma-separated suites to run')
    .action(async (opts: { only?: string }) => {
      const { runBenchmarks } = await import('./bench/run');
      process.exitCode = await runBenchmarks(opts.only?.split(','), (line) => process.stdout.write(`${line}\n`));
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
      if (!format) throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
      if (opts.locale !== undefined && opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('--locale must be en or zh-CN');
      const { parseInstant } = await import('./core/dates');
      const now = opts.asOf === undefined ? undefined : (parseInstant(opts.asOf) ?? Number.NaN);
      if (now !== undefined && Number.isNaN(now)) throw new CliError('--as-of must be a date like 2026-11-15 or 2026-11-15T12:00:00Z');
      const { asOf: _asOf, locale, ...rest } = opts;
      process.stdout.write(await reportCommand({ ...rest, format, ...(locale ? { locale } : {}), ...(now !== undefined ? { now } : {}) }));
    });

  program
    .command('consensus')
    .description('Find groups, common-ground and divisive statements in a vote matrix (CSV: rows participants, columns statements).')
    .requiredOption('--file <votes.csv>', 'the vote matrix')
    .action(async (opts: { file: string }) => {
      const { consensusReport } = await import('./dialogue/votes-csv');
      process.stdout.write(`${consensusReport(readInput(opts.file))}\n`);
    });

  program
    .command('tone')
    .description('Check sentences (one per line on stdin) for adversarial language; prints ok or flag:<kind> per line.')
    .option('--locale <locale>', 'en or zh-CN', 'en')
    .action(async (opts: { locale: string }) => {
      const { loadToneLexicon, toneVerdictLines } = await import('./mediation/tone');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('--locale must be en or zh-CN');
      const lines = (await readStdin()).split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop();
      process.stdout.write(toneVerdictLines(lines, loadToneLexicon(opts.locale)).map((l) => `${l}\n`).join(''));
    });

  program
    .command('summarize')
    .description('Summarise a JSONL file of messages (one {"id","author","text","at"} a line); offline unless --engine llm.')
    .requiredOption('--file <messages.jsonl>', 'the messages')
    .option('--locale <locale>', 'en or zh-CN', 'en')
    .option('--engine <engine>', 'offline or llm (the model set by LLM_PROVIDER)', 'offline')
    .action(async (opts: { file: string; locale: string; engine: string }) => {
      const { summarizeMessagesFile } = await import('./summaries/cli');
      if (opts.locale !== 'en' && opts.locale !== 'zh-CN') throw new CliError('--locale must be en or zh-CN');
      if (opts.engine !== 'offline' && opts.engine !== 'llm') throw new CliError('--engine must be offline or llm');
      process.stdout.write(`${await summarizeMessagesFile(readInput(opts.file), { locale: opts.locale, engine: opts.engine })}\n`);
    });

  return program;
}

/** A mistake in how the command was called: printed as one plain line, exit code 2. */
export class CliError extends Error {}

/** The text of the file `--file` names, or a plain sentence on what is wrong with it. */
function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new CliError(`--file names a folder (${file}); please give the file inside it.`);
    if (code === 'ENOENT') throw new CliError(`--file: there is no file at ${file}; please check the path.`);
    if (code === 'EACCES') throw new CliError(`--file: ${file} cannot be read with this account's permissions.`);
    throw error;
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`There is a problem in ${error.message}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`File not found: ${(error as NodeJS.ErrnoException).path ?? ''}\n`);
      return 1;
    }
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}
