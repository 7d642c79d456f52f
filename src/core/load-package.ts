import { createRequire } from 'node:module';

/**
 * Loads a package the first time synchronous code needs it, so that a process that never uses it
 * (the benchmarks, most commands) does not carry it. Packages only; our own modules are imported.
 */
export const loadPackage: <T>(name: string) => T = (() => {
  const require = createRequire(import.meta.url);
  return <T>(name: string) => require(name) as T;
})();
