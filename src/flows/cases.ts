import { STOP, type FlowContext, type FlowFunctions } from './functions';
import type { Cases } from './schema';

/** Calls a named function of the registry. */
export function invoke(functions: FlowFunctions, ctx: FlowContext, name: string) {
  const fn = functions[name];
  if (!fn) throw new Error(`flow function "${name}" is not registered`);
  return fn(ctx);
}

/**
 * Calls a function where it decides: returns the case it chose, if any. A case it does not
 * declare is a programming error (the loader could not have checked the script against it).
 * `stop` is allowed where `hook` is set (`onMessage`, `onChoice`).
 */
export function decide(functions: FlowFunctions, ctx: FlowContext, name: string, hook = false): string | undefined {
  const result = invoke(functions, ctx, name);
  if (typeof result !== 'string') return undefined;
  if (hook && result === STOP) return result;
  const cases = functions[name]?.cases ?? [];
  if (!cases.includes(result)) throw new Error(`flow function "${name}" returned "${result}", which is not one of its cases (${cases.join(', ') || 'none'})`);
  return result;
}

/** Where a case leads, as the script maps it (the loader has checked that every case is mapped). */
export function follow(cases: Cases | undefined, name: string, result: string | undefined, fallback?: string): string | undefined {
  if (result === undefined) return undefined;
  const target = cases?.[result] ?? fallback;
  if (target === undefined) throw new Error(`the script does not say where case "${result}" of "${name}" leads`);
  return target;
}
