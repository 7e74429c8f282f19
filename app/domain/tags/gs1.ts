/**
 * GS1 rules an RFID tag's SGTIN-96 depends on: GTINs (check digit), the shop's GS1 company
 * prefix, and which GTIN a piece's EPC is made from. Pure: the caller brings the piece's barcode,
 * its assigned GTIN and the shop's setting.
 */
import { MAX_SGTIN96_SERIAL } from "./epc";

/** GTIN-8, -12, -13 or -14 with a right check digit, as 14 digits; null otherwise. */
export function normalizeGtin(input: string | null | undefined): string | null {
  const digits = (input ?? "").trim();
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return null;
  const gtin14 = digits.padStart(14, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin14[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(gtin14[13]) ? gtin14 : null;
}

export type GtinProblem = "GTIN_LENGTH" | "GTIN_CHECK_DIGIT";

/** Why a typed GTIN is refused (null when it is a GTIN). */
export function gtinProblem(input: string): GtinProblem | null {
  const digits = input.trim();
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return "GTIN_LENGTH";
  return normalizeGtin(digits) ? null : "GTIN_CHECK_DIGIT";
}

/**
 * A GS1 company prefix as GS1 issued it: 6 to 12 digits (a UPC company prefix gets its leading 0,
 * e.g. 614141 → 0614141). Its length is the EPC partition's company-prefix length.
 */
export function isCompanyPrefix(input: string): boolean {
  return /^\d{6,12}$/.test(input);
}

/**
 * A GTIN-14 is indicator digit + company prefix + item reference + check digit, so the GTIN is
 * the shop's when its digits after the indicator start with the shop's prefix. Only then does
 * the prefix length give the right EPC partition (GS1 TDS): a GTIN of another brand would be
 * split at the wrong place, silently.
 */
export function gtinUnderPrefix(gtin14: string, companyPrefix: string): boolean {
  return gtin14.length === 14 && gtin14.slice(1, 1 + companyPrefix.length) === companyPrefix;
}

export type RfidShopSetting = { enabled: boolean; companyPrefix: string | null; filter: number };

export type RfidGtinChoice =
  | { ok: true; gtin: string; source: "shopify-barcode" | "assigned" }
  | { ok: false; code: "RFID_DISABLED" | "RFID_PREFIX_MISSING" | "RFID_NO_GTIN" }
  | { ok: false; code: "RFID_GTIN_NOT_SHOP_PREFIX"; gtin: string; companyPrefix: string };

/**
 * The GTIN a piece's EPC carries. Rule: the Shopify variant's barcode when it is a valid GTIN
 * under the shop's prefix (what a till scans and what Shopify knows the product by); otherwise the
 * GTIN assigned to the piece in Loupe, which must be under the prefix too. A barcode that is a
 * GTIN of another company is skipped in favour of an assigned one; with none, the refusal names
 * the foreign GTIN so the person knows what to fix.
 */
export function chooseRfidGtin(
  setting: RfidShopSetting | null,
  piece: { shopifyBarcode: string | null; gtin: string | null },
): RfidGtinChoice {
  if (!setting?.enabled) return { ok: false, code: "RFID_DISABLED" };
  const prefix = setting.companyPrefix;
  if (!prefix || !isCompanyPrefix(prefix)) return { ok: false, code: "RFID_PREFIX_MISSING" };
  const barcode = normalizeGtin(piece.shopifyBarcode);
  if (barcode && gtinUnderPrefix(barcode, prefix)) return { ok: true, gtin: barcode, source: "shopify-barcode" };
  const assigned = normalizeGtin(piece.gtin);
  if (assigned && gtinUnderPrefix(assigned, prefix)) return { ok: true, gtin: assigned, source: "assigned" };
  const foreign = assigned ?? barcode;
  if (foreign) return { ok: false, code: "RFID_GTIN_NOT_SHOP_PREFIX", gtin: foreign, companyPrefix: prefix };
  return { ok: false, code: "RFID_NO_GTIN" };
}

/** Whether the shop's serial counter still has room (SGTIN-96 serials are 38 bits). */
export function serialAvailable(next: bigint): boolean {
  return next >= 0n && next <= MAX_SGTIN96_SERIAL;
}
