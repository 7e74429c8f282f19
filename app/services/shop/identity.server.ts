// The shop's public identity (name, contact email, telephone, website) shown on provenance pages,
// copied from Shopify: read on install (afterAuth), again on every shop/update webhook, and on the
// first public view of a shop that was never read (installed before Loupe kept it, or Shopify did
// not answer at install). A failed read keeps what was stored.
import { unauthenticated } from "../../shopify.server";
import { readShopIdentity } from "../../shopify/shop-identity.server";
import type { AdminGraphql } from "../../shopify/admin-graphql.server";
import { findShopByDomain, saveShopIdentity, type PublicIdentity } from "../../models/shop.server";

export type IdentityRefresh = { ok: true; identity: PublicIdentity } | { ok: false };

export async function refreshShopIdentity(shopId: string, admin: AdminGraphql): Promise<IdentityRefresh> {
  const identity = await readShopIdentity(admin);
  if (!identity) return { ok: false };
  await saveShopIdentity(shopId, identity, new Date());
  return { ok: true, identity };
}

/** The same from a shop's domain with its offline session (install hook, webhooks, public page). */
export async function refreshShopIdentityOf(domain: string, admin?: AdminGraphql): Promise<IdentityRefresh> {
  const shop = await findShopByDomain(domain);
  if (!shop) return { ok: false };
  try {
    const client = admin ?? (await unauthenticated.admin(domain)).admin;
    return await refreshShopIdentity(shop.id, client);
  } catch {
    // No session yet or Shopify unreachable: a later view or webhook reads it.
    return { ok: false };
  }
}

// A never-read shop is tried at most once a minute per process, so a public page never waits on
// Shopify for every view when Shopify cannot answer.
const RETRY_MS = 60_000;
export const FIRST_READ_WAIT_MS = 800;
const lastTry = new Map<string, number>();

/**
 * For a public page: the stored identity, or (never read) a read from Shopify that the page waits
 * for at most `waitMs`; null when there is nothing yet.
 */
export async function identityForPage(
  domain: string,
  stored: PublicIdentity & { readAt: Date | null },
  waitMs = FIRST_READ_WAIT_MS,
  now = Date.now(),
): Promise<PublicIdentity | null> {
  const { readAt, ...identity } = stored;
  if (readAt) return identity;
  const tried = lastTry.get(domain);
  if (tried !== undefined && now - tried < RETRY_MS) return null;
  lastTry.set(domain, now);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    const result = await Promise.race([refreshShopIdentityOf(domain), late]);
    return result && result.ok ? result.identity : null;
  } finally {
    clearTimeout(timer);
  }
}

/** Tests: forget the per-process retry times. */
export function forgetIdentityTries(): void {
  lastTry.clear();
}
