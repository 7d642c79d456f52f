/** Compiles the sources into dist/ (see build.js). */
export function buildDist(): Promise<void>;
/** Writes `yaml-parsed.json` (what each shipped YAML file holds, by the SHA-1 of its text) into a folder. */
export function writeParsedYaml(outdir: string): Promise<void>;
