import { createHmac, randomUUID } from "node:crypto";
import type { Clock } from "./state/simulator-state";

export interface WebhookAttempt {
  at: number;
  status: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  /** X-Shopify-Webhook-Id: the same on a redelivery of the same event. */
  id: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string | null;
  body: string;
  payload: unknown;
  triggeredAt: string;
  headers: Record<string, string>;
  attempts: WebhookAttempt[];
  state: "queued" | "held" | "delivered" | "failed" | "no_route";
}

export interface WebhookOptions {
  appUrl: string | null;
  routes: Record<string, string>;
  apiSecret: string;
  apiVersion: string;
  clock: Clock;
  /** Attempts after the first one when the app answers non-2xx or cannot be reached. */
  retries: number;
  retryDelayMs: number;
}

/**
 * Delivers webhooks to the app like Shopify: signed with the app secret, at least once,
 * retried on failure. Tests can hold deliveries and release them out of order, or ask for a
 * duplicate of one already sent.
 */
export class Webhooks {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private holding = false;
  private closed = false;

  constructor(private readonly options: WebhookOptions) {}

  emit(shop: string, topic: string, payload: unknown): WebhookDelivery {
    const body = JSON.stringify(payload);
    const path = this.options.routes[topic];
    const url = this.options.appUrl && path ? new URL(path, this.options.appUrl).toString() : null;
    const triggeredAt = new Date(this.options.clock.now()).toISOString();
    const id = randomUUID();
    const delivery: WebhookDelivery = {
      id,
      eventId: randomUUID(),
      topic,
      shop,
      url,
      body,
      payload,
      triggeredAt,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": this.options.apiVersion,
        "X-Shopify-Webhook-Id": id,
        "X-Shopify-Event-Id": "",
        "X-Shopify-Triggered-At": triggeredAt,
        "X-Shopify-Hmac-Sha256": createHmac("sha256", this.options.apiSecret).update(body, "utf8").digest("base64"),
      },
      attempts: [],
      state: url ? "queued" : "no_route",
    };
    delivery.headers["X-Shopify-Event-Id"] = delivery.eventId;
    this.deliveries.push(delivery);
    if (!url) return delivery;
    if (this.holding) delivery.state = "held";
    else this.track(this.deliver(delivery));
    return delivery;
  }

  /** Queue new deliveries instead of sending them, until `release`. */
  hold(): void {
    this.holding = true;
  }

  /** Sends what was held, in order, reversed (out of order), or as given by ids. */
  async release(order: "fifo" | "reverse" | string[] = "fifo"): Promise<void> {
    this.holding = false;
    let held = this.deliveries.filter((d) => d.state === "held");
    if (order === "reverse") held = held.reverse();
    else if (Array.isArray(order))
      held = order.map((id) => held.find((d) => d.id === id)).filter((d): d is WebhookDelivery => d !== undefined);
    for (const delivery of held) {
      delivery.state = "queued";
      await this.deliver(delivery);
    }
  }

  /** Sends an already delivered webhook again with the same id and body, as Shopify's at-least-once delivery may. */
  async redeliver(id: string): Promise<WebhookDelivery> {
    const delivery = this.deliveries.find((d) => d.id === id);
    if (!delivery) throw new Error(`No webhook delivery ${id}`);
    const copy: WebhookDelivery = { ...delivery, attempts: [], state: "queued" };
    this.deliveries.push(copy);
    await this.deliver(copy);
    return copy;
  }

  /** Resolves when every delivery started so far has succeeded or run out of retries. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  byTopic(topic: string): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.topic === topic);
  }

  close(): void {
    this.closed = true;
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    for (let attempt = 0; attempt <= this.options.retries && !this.closed; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.options.retryDelayMs * attempt));
      const record: WebhookAttempt = { at: this.options.clock.now(), status: null, error: null };
      delivery.attempts.push(record);
      try {
        const response = await fetch(delivery.url!, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
          signal: AbortSignal.timeout(5000),
        });
        record.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          delivery.state = "delivered";
          return;
        }
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
    }
    delivery.state = "failed";
  }
}
