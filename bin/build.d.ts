/** Compiles the sources into dist/ (see build.js). */
export function buildDist(): Promise<void>;
