import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadCommunity, parseYamlFile } from './config/load';
import { readEnvironment } from './config/environment';
import { loadCatalogue } from './core/catalogue';
import { allFunctions } from './features';
import { mermaid } from './flows/graph';
import { loadFlow } from './flows/loader';
import { loadToneLexicon } from './mediation/tone';
import { PROMPTS_DIR } from './paths';

/** A community file has `projects`; a flow script has `steps`. */
function kindOf(file: string): 'community' | 'flow' {
  const data = parseYamlFile(file);
  const has = (key: string) => typeof data === 'object' && data !== null && key in data;
  if (has('projects') && !has('steps')) return 'community';
  if (has('steps')) return 'flow';
  throw new ConfigError(file, ['this is neither a community file (it has no projects) nor a flow script (it has no steps)']);
}

/**
 * Checks the given files, each as what it is (a community file or a flow script), or, when none
 * are given, every flow script and the community configuration. Prints every problem of a file at
 * once, with its path; returns the exit code.
 */
export function validate(files: string[], print: (line: string) => void): number {
  let problems = 0;
  const check = (what: string, work: () => void) => {
    try {
      work();
      print(`ok      ${what}`);
    } catch (error) {
      problems += 1;
      print(error instanceof ConfigError ? `problem ${error.message}` : `problem ${what}: ${(error as Error).message}`);
    }
  };
  let catalogue: ReturnType<typeof loadCatalogue> | undefined;
  check('message catalogues (en, zh-CN)', () => {
    catalogue = loadCatalogue(join(PROMPTS_DIR, 'messages'));
  });
  if (!catalogue) return 1;
  const functions = allFunctions();
  const flowsDir = join(PROMPTS_DIR, 'flows');
  const targets = files.length > 0 ? files : readdirSync(flowsDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(flowsDir, f));
  for (const file of targets) check(file, () => (kindOf(file) === 'community' ? loadCommunity(file) : loadFlow(file, functions, catalogue!)));
  if (files.length === 0) {
    const { communityFile } = readEnvironment();
    check(communityFile, () => loadCommunity(communityFile));
    // Read by mediations only when their first message is, so checked here before any is.
    check('tone lexicons and models (en, zh-CN)', () => {
      loadToneLexicon('en');
      loadToneLexicon('zh-CN');
    });
  }
  print(problems === 0 ? 'Everything checked is in order.' : `${problems} file(s) need attention.`);
  return problems === 0 ? 0 : 1;
}

/**
 * Prints one flow script (named by its id, e.g. `mediation`, or by its file) as a Mermaid
 * flowchart drawn from the YAML alone, after checking it. Returns the exit code.
 */
export function graph(flow: string, print: (line: string) => void, problem: (line: string) => void = print): number {
  const file = existsSync(flow) ? flow : join(PROMPTS_DIR, 'flows', `${flow}.yaml`);
  try {
    if (!existsSync(file)) throw new Error(`there is no flow script "${flow}" (try one of: ${readdirSync(join(PROMPTS_DIR, 'flows')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).join(', ')})`);
    const loaded = loadFlow(file, allFunctions(), loadCatalogue(join(PROMPTS_DIR, 'messages')));
    print(mermaid(loaded).trimEnd());
    return 0;
  } catch (error) {
    problem(error instanceof ConfigError ? `problem ${error.message}` : `problem ${(error as Error).message}`);
    return 1;
  }
}
