import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, checkCommunity, loadCommunity, parseYamlFile } from './config/load';
import { readEnvironment } from './config/environment';
import { loadCatalogue } from './core/catalogue';
import { allFunctions } from './features';
import { loadFlow } from './flows/loader';
import { PROMPTS_DIR } from './paths';

/**
 * Checks flow scripts (the given files, or every script) and, when no files are given, the
 * community configuration. Prints each problem with its file and path; returns the exit code.
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
  for (const file of targets) check(file, () => loadFlow(file, functions, catalogue!));
  if (files.length === 0) {
    const { communityFile } = readEnvironment();
    check(communityFile, () => {
      checkCommunity(parseYamlFile(communityFile), communityFile);
      loadCommunity(communityFile);
    });
  }
  print(problems === 0 ? 'Everything checked is in order.' : `${problems} file(s) need attention.`);
  return problems === 0 ? 0 : 1;
}
