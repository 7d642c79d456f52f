import { join } from 'node:path';
import type { Locale } from './config/schema';
import { loadCatalogue, type Catalogue } from './core/catalogue';
import type { OperatorWords } from './operator-error';
import { operatorLocale } from './operator-locale';
import { PROMPTS_DIR } from './paths';

export { operatorLocale } from './operator-locale';

let catalogue: Catalogue | undefined;

/** The command line's own sentences (`prompts/messages/<locale>/cli.yaml`), read once. */
function cliCatalogue(): Catalogue {
  catalogue ??= loadCatalogue(join(PROMPTS_DIR, 'messages'), { files: ['cli.yaml'] });
  return catalogue;
}

/**
 * The command line's sentences in one language: the operator's unless another is given. Should its
 * catalogue itself be unreadable (a mistake in cli.yaml), each sentence is shown as its key and
 * values, so that what went wrong is still said.
 */
export function operatorWords(locale: Locale = operatorLocale()): OperatorWords {
  let messages: Catalogue;
  try {
    messages = cliCatalogue();
  } catch {
    return (key, vars = {}) => [key, ...Object.entries(vars).map(([name, value]) => `${name}=${value}`)].join(' ');
  }
  return (key, vars) => messages.t(locale, key, vars);
}

/** The same, in the operator's language, with the catalogue read only when a sentence is first needed. */
export const operatorSays: OperatorWords = (key, vars) => operatorWords()(key, vars);
