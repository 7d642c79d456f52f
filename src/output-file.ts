/**
 * Files the command line writes where an option says (`report --out`, `report --chart`,
 * `consensus --export-polis`): checked before any work is done, so that a path that cannot be
 * written is said at once, naming the option, and nothing is left half done; and written with the
 * same sentences should the write itself fail. Kept to node:fs, so that loading it costs nothing.
 */
import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { OperatorError } from './operator-error';

/** What is at `path`, if anything can be seen there. */
function entry(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Why `file`, named by `option`, cannot be written (a sentence of `cli.yaml`), or nothing when it can. */
export function outputFileRefusal(option: string, file: string): OperatorError | undefined {
  const found = entry(file);
  if (found?.isDirectory()) return new OperatorError('cli.output.folder', { option, file });
  const folder = dirname(file);
  if (!found && !entry(folder)?.isDirectory()) return new OperatorError('cli.output.no_folder', { option, folder });
  try {
    // The file itself when it is there (it is replaced), else the folder it would be made in.
    accessSync(found ? file : folder, constants.W_OK);
  } catch (error) {
    return new OperatorError('cli.output.not_writable', { option, file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
  return undefined;
}

/** Writes a file an option named, saying what is wrong, in the same words, should the write fail. */
export function writeOutputFile(option: string, file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    throw outputFileRefusal(option, file) ?? new OperatorError('cli.output.not_writable', { option, file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
}
