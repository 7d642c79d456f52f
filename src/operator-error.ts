/** Fills in one sentence of the command line's catalogue (`cli.yaml`) in one language. */
export type OperatorWords = (key: string, vars?: Record<string, string | number>) => string;

/**
 * A problem the operator reads on the command line, worded from the catalogue in their language
 * (see operator-language.ts). Kept free of imports, so that `--help` loads nothing to know it.
 */
export class OperatorError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
    message: string = key,
  ) {
    super(message);
  }

  /** The sentence in the language `words` speaks. */
  describe(words: OperatorWords): string {
    return words(this.key, this.vars);
  }
}
