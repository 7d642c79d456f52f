import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadCommunity, parseYamlFile } from './config/load';
import { readEnvironment } from './config/environment';
import { loadCatalogue } from './core/catalogue';
import { allFunctions } from './features';
import { mermaid } from './flows/graph';
import { loadFlow } from './flows/loader';
import { loadToneLexicon } from './mediation/tone';
import { operatorWords } from './operator-language';
import type { OperatorWords } from './operator-error';
import { PROMPTS_DIR } from './paths';

/** A community file has `projects`; a flow script has `steps`. */
function kindOf(file: string, words: OperatorWords): 'community' | 'flow' {
  const data = parseYamlFile(file);
  const has = (key: string) => typeof data === 'object' && data !== null && key in data;
  if (has('projects') && !has('steps')) return 'community';
  if (has('steps')) return 'flow';
  throw new ConfigError(file, [words('cli.validate.neither')]);
}

/**
 * Checks the given files, each as what it is (a community file or a flow script), or, when none
 * are given, every flow script and the community configuration. Prints every problem of a file at
 * once, with its path; returns the exit code. Its own words are in the operator's language.
 */
export function validate(files: string[], print: (line: string) => void, words: OperatorWords = operatorWords()): number {
  let problems = 0;
  const check = (what: string, work: () => void) => {
    try {
      work();
      print(`${words('cli.validate.ok')}${what}`);
    } catch (error) {
      problems += 1;
      print(`${words('cli.validate.problem')}${error instanceof ConfigError ? error.message : `${what}: ${(error as Error).message}`}`);
    }
  };
  let catalogue: ReturnType<typeof loadCatalogue> | undefined;
  check(words('cli.validate.catalogues'), () => {
    catalogue = loadCatalogue(join(PROMPTS_DIR, 'messages'));
  });
  if (!catalogue) return 1;
  const functions = allFunctions();
  const flowsDir = join(PROMPTS_DIR, 'flows');
  const targets = files.length > 0 ? files : readdirSync(flowsDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(flowsDir, f));
  for (const file of targets) check(file, () => (kindOf(file, words) === 'community' ? loadCommunity(file) : loadFlow(file, functions, catalogue!)));
  if (files.length === 0) {
    const { communityFile } = readEnvironment();
    check(communityFile, () => loadCommunity(communityFile));
    // Read by mediations only when their first message is, so checked here before any is.
    check(words('cli.validate.tone'), () => {
      loadToneLexicon('en');
      loadToneLexicon('zh-CN');
    });
  }
  print(problems === 0 ? words('cli.validate.all_ok') : words('cli.validate.need_attention', { count: problems }));
  return problems === 0 ? 0 : 1;
}

/**
 * Prints one flow script (named by its id, e.g. `mediation`, or by its file) as a Mermaid
 * flowchart drawn from the YAML alone, after checking it. Returns the exit code.
 */
export function graph(flow: string, print: (line: string) => void, problem: (line: string) => void = print, words: OperatorWords = operatorWords()): number {
  const file = existsSync(flow) ? flow : join(PROMPTS_DIR, 'flows', `${flow}.yaml`);
  try {
    if (!existsSync(file)) throw new Error(words('cli.validate.no_flow', { flow, flows: readdirSync(join(PROMPTS_DIR, 'flows')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).join(', ') }));
    const loaded = loadFlow(file, allFunctions(), loadCatalogue(join(PROMPTS_DIR, 'messages')));
    print(mermaid(loaded).trimEnd());
    return 0;
  } catch (error) {
    problem(`${words('cli.validate.problem')}${error instanceof ConfigError ? error.message : (error as Error).message}`);
    return 1;
  }
}
