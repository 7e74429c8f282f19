// Photos for the public page: the Shopify product's images, read with the Admin GraphQL client
// (the catalog's productPhotos query) when the piece is linked to a product. Shopify is never on
// a customer's critical path: a page waits at most PHOTO_WAIT_MS for them, shows none when they
// are not there yet or Shopify cannot answer, and picks them up on a later view. Answers (photos or
// none) are kept per product for PHOTO_TTL_MS.
import { unauthenticated } from "../../shopify.server";
import { productPhotos } from "../../shopify/photos.server";
import { env } from "../../env.server";
import type { PublicPhoto } from "../../domain/provenance/record";

export type { PublicPhoto };
export type PhotoLoader = (shopDomain: string, productGid: string) => Promise<PublicPhoto[]>;

export const PHOTO_WAIT_MS = 800;
export const PHOTO_TTL_MS = 10 * 60_000;
const MAX_PHOTOS = 6;
const CACHE_LIMIT = 5_000;

const cache = new Map<string, { photos: PublicPhoto[]; expires: number }>();
const loading = new Map<string, Promise<PublicPhoto[]>>();

async function fromShopify(shopDomain: string, productGid: string): Promise<PublicPhoto[]> {
  try {
    const { admin } = await unauthenticated.admin(shopDomain);
    const result = await productPhotos(admin, productGid);
    return result.ok ? result.photos.map((p) => ({ url: p.url, alt: p.alt })) : [];
  } catch {
    // No session, token refused, network down: the page goes on without photos.
    return [];
  }
}

let loader: PhotoLoader = fromShopify;

/** Tests: answer photos without Shopify (null restores the Admin API). */
export function usePhotoLoader(next: PhotoLoader | null): void {
  loader = next ?? fromShopify;
  cache.clear();
  loading.clear();
}

/**
 * Only https images, at most a few: the URLs go into the page's HTML. Demo mode (never production)
 * also takes the local Shopify simulator's images, so the offline demo shows its photos.
 */
function publicOnly(photos: PublicPhoto[]): PublicPhoto[] {
  const demo = env().LOUPE_DEMO;
  return photos
    .filter(
      (p) =>
        /^https:\/\/[^\s"'<>]+$/.test(p.url) ||
        (demo && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/_sim\/images\/[\w.-]+$/.test(p.url)),
    )
    .slice(0, MAX_PHOTOS);
}

/** The product's photos if known or fetched within `waitMs`; [] when there are none or Shopify fails. */
export async function photosFor(
  shopDomain: string,
  productGid: string | null,
  waitMs = PHOTO_WAIT_MS,
  now = Date.now(),
): Promise<PublicPhoto[]> {
  if (!productGid) return [];
  const key = `${shopDomain}\u0000${productGid}`;
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.photos;
  let pending = loading.get(key);
  if (!pending) {
    pending = loader(shopDomain, productGid)
      .catch(() => [])
      .then((photos) => {
        const kept = publicOnly(photos);
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        cache.set(key, { photos: kept, expires: Date.now() + PHOTO_TTL_MS });
        return kept;
      })
      .finally(() => loading.delete(key));
    loading.set(key, pending);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<PublicPhoto[]>((resolve) => {
    timer = setTimeout(() => resolve([]), waitMs);
  });
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}
