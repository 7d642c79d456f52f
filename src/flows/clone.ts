/**
 * A deep copy of plain JSON-like data (objects, arrays, strings, numbers, booleans, null):
 * what run state is made of. Several times faster than structuredClone for such data.
 */
export function cloneData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneData) as T;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = cloneData((value as Record<string, unknown>)[key]);
  return copy as T;
}
