// Shopify's calculated query cost limit: a leaky bucket of points per shop, refilled at the
// plan's rate by the simulator's clock.
import type { Plan, ShopData } from "../state/shops";
import type { Clock } from "../state/simulator-state";

export const PLAN_LIMITS: Record<Plan, { restoreRate: number; maximumAvailable: number }> = {
  standard: { restoreRate: 100, maximumAvailable: 2000 },
  advanced: { restoreRate: 200, maximumAvailable: 4000 },
  plus: { restoreRate: 1000, maximumAvailable: 20000 },
};

export interface Bucket {
  available: number;
  updatedAt: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /** The shop's bucket, refilled for the time since it was last looked at. */
  bucket(shop: ShopData): Bucket {
    const { restoreRate, maximumAvailable } = PLAN_LIMITS[shop.plan];
    const now = this.clock.now();
    const b = this.buckets.get(shop.domain) ?? { available: maximumAvailable, updatedAt: now };
    b.available = Math.min(maximumAvailable, b.available + ((now - b.updatedAt) / 1000) * restoreRate);
    b.updatedAt = now;
    this.buckets.set(shop.domain, b);
    return b;
  }

  throttleStatus(shop: ShopData): ThrottleStatus {
    const { restoreRate, maximumAvailable } = PLAN_LIMITS[shop.plan];
    return { maximumAvailable, currentlyAvailable: Math.floor(this.bucket(shop).available), restoreRate };
  }
}
