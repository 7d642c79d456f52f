import { MECHANISMS } from '../config/schema';
import type { Outcome } from './outcome';

/**
 * The `Outcome` schema of outcome.ts, checked by hand: the same rules, without building zod's
 * intermediate objects, so that appending a hundred thousand outcomes costs little more than
 * writing them. A test holds the two to the same verdicts.
 */
const MECHANISM_SET = new Set<string>(MECHANISMS);
const CODE = /^[\p{L}\p{N}_.:+-]*$/u;
/** Most codes are plain ASCII: checked first, as the full pattern is slower. */
const ASCII_CODE = /^[A-Za-z0-9_.:+-]*$/;
const TYPE = /^[a-z_]+\.[a-z_]+$/;
const ACTOR = /^p_[0-9a-f]{16}$/;

export class InvalidOutcome extends Error {
  constructor(field: string, problem: string) {
    super(`Invalid outcome: ${field} ${problem}`);
    this.name = 'InvalidOutcome';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, field: string, min: number, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string') throw new InvalidOutcome(field, nullable ? 'must be text or null' : 'must be text');
  if (value.length < min || value.length > 64) throw new InvalidOutcome(field, `must be ${min} to 64 characters long`);
  return value;
}

function dataValue(value: unknown, field: string): Outcome['data'][string] {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidOutcome(field, 'must be a finite number');
    return value;
  }
  if (typeof value === 'string' && value.length <= 64 && (ASCII_CODE.test(value) || CODE.test(value))) return value;
  throw new InvalidOutcome(field, 'must be a number, a boolean, null or a short code, never free text');
}

/** The outcome as the schema would give it back (only its own fields), or an `InvalidOutcome` error. */
export function checkOutcome(input: unknown): Outcome {
  if (!isRecord(input)) throw new InvalidOutcome('outcome', 'must be an object');
  const o = input;
  const at = o.at;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) throw new InvalidOutcome('at', 'must be a whole number of milliseconds');
  if (typeof o.mechanism !== 'string' || !MECHANISM_SET.has(o.mechanism)) throw new InvalidOutcome('mechanism', 'is not a known mechanism');
  if (typeof o.type !== 'string' || !TYPE.test(o.type)) throw new InvalidOutcome('type', 'must look like `area.event`');
  if (!Array.isArray(o.actors) || o.actors.length > 1000) throw new InvalidOutcome('actors', 'must be a list of at most 1000');
  for (const actor of o.actors as unknown[])
    if (typeof actor !== 'string' || !ACTOR.test(actor)) throw new InvalidOutcome('actors', 'must hold pseudonymous ids only');
  if (!isRecord(o.data)) throw new InvalidOutcome('data', 'must be an object');
  const data: Outcome['data'] = {};
  for (const [name, value] of Object.entries(o.data)) {
    if (name.length > 64) throw new InvalidOutcome('data', 'field names are at most 64 characters');
    data[name] = dataValue(value, `data.${name}`);
  }
  return {
    id: text(o.id, 'id', 1, false) as string,
    at,
    mechanism: o.mechanism as Outcome['mechanism'],
    project: text(o.project, 'project', 1, false) as string,
    stage: text(o.stage, 'stage', 0, true),
    flow: text(o.flow, 'flow', 1, false) as string,
    step: text(o.step, 'step', 0, true),
    run: text(o.run, 'run', 0, true),
    type: o.type,
    actors: [...(o.actors as string[])],
    party: text(o.party, 'party', 0, true),
    data,
  };
}
