/**
 * Staff's own views of a public provenance page are not customer scans. A proxy request carries no
 * admin session (Shopify forwards it from the storefront's domain, without the admin's session
 * token or cookies), so who is looking cannot be read from the request itself. Instead, every link
 * to a public page that Loupe's admin shows carries a mark: an HMAC (keyed with the app secret) of
 * the shop, the token and an expiry, which only the app can make. Shopify's app proxy forwards the
 * query (and signs it), so the mark arrives with the view; a view carrying a valid, unexpired mark
 * is not counted. A customer who is handed such a link within its lifetime is not counted either:
 * an undercount of a few views, never an inflated figure. Staff who scan a printed tag with their
 * own phone are indistinguishable from customers and are counted.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const PREVIEW_PARAM = "loupe_preview";
/** Long enough for a working day in the admin, short enough that a shared link soon counts again. */
export const PREVIEW_TTL_SECONDS = 12 * 3600;

function mac(secret: string, shop: string, token: string, expires: number): string {
  return createHmac("sha256", secret)
    .update(`loupe-preview|${shop}|${token}|${expires}`)
    .digest("base64url")
    .slice(0, 32);
}

/** The mark for an admin link to a piece's public page, valid PREVIEW_TTL_SECONDS from now. */
export function previewMark(secret: string, shop: string, token: string, nowSeconds: number): string {
  const expires = nowSeconds + PREVIEW_TTL_SECONDS;
  return `${expires}.${mac(secret, shop, token, expires)}`;
}

export function isStaffPreview(
  mark: string | null,
  secret: string,
  shop: string,
  token: string,
  nowSeconds: number,
): boolean {
  const match = mark ? /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(mark) : null;
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires < nowSeconds || expires > nowSeconds + PREVIEW_TTL_SECONDS) return false;
  const expected = Buffer.from(mac(secret, shop, token, expires));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
