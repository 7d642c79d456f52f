/** A token bucket per key: `burst` requests at once, then one every `everyMs`. */
export interface RateLimit {
  take(key: string, now?: number): boolean;
}

export function createRateLimit(burst: number, everyMs: number): RateLimit {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / everyMs);
      bucket.at = now;
      const ok = bucket.tokens >= 1;
      if (ok) bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) for (const [k, b] of buckets) if (b.tokens >= burst) buckets.delete(k);
      return ok;
    },
  };
}
