/**
 * A token bucket per client, in this process's memory. Each app instance limits on its own, so
 * with N instances behind a load balancer a client gets at most N times the rate: enough to stop
 * one client from scraping or hammering the public page, not a global quota.
 */
export type RateLimitOptions = {
  /** Requests a client may make at once. */
  burst: number;
  /** Tokens added back per second. */
  perSecond: number;
  /** Clients remembered; the least recently seen are forgotten first. */
  maxClients: number;
};

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 30, perSecond: 1, maxClients: 50_000 };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT) {}

  /** Takes one token; answers how many seconds to wait when there is none. */
  take(client: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const { burst, perSecond, maxClients } = this.options;
    const previous = this.buckets.get(client);
    const tokens = previous ? Math.min(burst, previous.tokens + ((nowMs - previous.at) / 1000) * perSecond) : burst;
    // Re-insert so Map order is least recently seen first.
    this.buckets.delete(client);
    if (this.buckets.size >= maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: nowMs });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: nowMs });
    return { ok: true };
  }

  get size(): number {
    return this.buckets.size;
  }
}
