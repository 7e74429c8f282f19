// Checks a signed provenance record offline.
//
//   npx tsx app/bin/verify.ts <record.json> [--fingerprint XXXXX-XXXXX-XXXXX-XXXXX]
//
// <record.json> is what a provenance page offers as "Download the signed record" (the page's URL
// with ?format=json), or "-" for standard input. The command recomputes the canonical JSON of
// { format, record, signedAt } (and the version number, for numbered records), checks the Ed25519 signature with the public key in the file, and
// checks that the key's fingerprint is the one written beside it. Give --fingerprint (the one the
// shop shows on its pages or gives you) to also make sure the record was signed by that shop.
// Exit status: 0 valid, 1 invalid, 2 usage or unreadable file.
//
//   npm run verify -- --audit [<shop>.myshopify.com]
//
// Checks the audit chain and the movement chain of one shop (or of every shop) in the database
// DATABASE_URL names, from the first row to the sealed head, with the key derived from
// SHOPIFY_API_SECRET (run it where the app runs, with the app's settings), and compares the end with
// the last background check. Reads only. Exit status: 0 intact, 1 broken, 2 usage or unknown shop.
import { readFileSync } from "node:fs";
import { verifyEnvelope, type VerifyFailure } from "../domain/provenance/signature";
import type { ChainBreak, ShopAuditCheck } from "../models/audit-check.server";

const REASONS: Record<VerifyFailure, string> = {
  MALFORMED: "the file is not a Loupe signed record (fields missing or of the wrong type)",
  UNKNOWN_FORMAT: "unknown record format (expected loupe-provenance/1 or /2)",
  FINGERPRINT_MISMATCH: "the fingerprint written in the file is not the fingerprint of its public key",
  UNEXPECTED_KEY: "the record was signed by a different key than the fingerprint you gave",
  BAD_SIGNATURE: "the signature does not match the record: it was altered after signing, or signed by someone else",
};

export function verifyText(text: string, expectedFingerprint?: string | null): { ok: boolean; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: `INVALID: ${REASONS.MALFORMED} (not JSON)` };
  }
  const result = verifyEnvelope(parsed, expectedFingerprint);
  if (!result.ok) return { ok: false, message: `INVALID: ${REASONS[result.reason]}` };
  const record = (parsed as { record: { title?: string; shop?: { domain?: string } } }).record;
  return {
    ok: true,
    message: `VALID: "${record.title ?? ""}" from ${record.shop?.domain ?? "?"}, ${result.version !== null ? `version ${result.version}, ` : ""}signed ${result.signedAt} by key ${result.fingerprint}${expectedFingerprint ? " (the fingerprint you gave)" : " — compare this fingerprint with the shop's"}${result.version !== null ? "; the piece's page (?version=N) says whether a later version supersedes it" : ""}`,
  };
}

const BREAKS: Record<ChainBreak, string> = {
  HASH_MISMATCH:
    "the row no longer matches its keyed hash: it was edited (or the app secret is not the one it was written with)",
  PREV_MISMATCH: "the row does not follow the one before it: rows were replaced or reordered",
  SEQ_GAP: "a row is missing or renumbered",
  HEAD_MISMATCH:
    "the chain does not end where its sealed head says: the newest rows were dropped or added, or the head edited",
  HEAD_MISSING: "the chain's head was deleted",
  ROLLED_BACK: "the chain ends before a point an earlier check proved: rows and head were put back to an older state",
  UNCHAINED_MOVEMENT: "a movement was written outside the chain",
};

export function describeAuditCheck(domain: string, result: ShopAuditCheck): string {
  if (result.ok) return `INTACT: ${domain}, ${result.count} audit entries and the movement ledger verified`;
  const what = result.chain === "audit" ? "audit entry" : "movement";
  return `BROKEN: ${domain}, ${what} ${result.brokenAtSeq}: ${BREAKS[result.reason]}`;
}

async function auditMain(args: string[]): Promise<number> {
  if (args.length > 1) {
    console.error("usage: npm run verify -- --audit [<shop>.myshopify.com]");
    return 2;
  }
  const { findShopByDomain, shopDomainsById } = await import("../models/shop.server");
  const { lastAuditCheck, shopsWithAuditChains, verifyShopAudit } = await import("../models/audit-check.server");
  const { disconnectDb } = await import("../db.server");
  try {
    let shops: { id: string; domain: string }[];
    if (args[0]) {
      const shop = await findShopByDomain(args[0]);
      if (!shop) {
        console.error(`no shop ${args[0]} in this database`);
        return 2;
      }
      shops = [shop];
    } else {
      const ids = await shopsWithAuditChains();
      const domains = await shopDomainsById(ids);
      shops = ids.map((id) => ({ id, domain: domains.get(id) ?? id }));
    }
    let broken = 0;
    for (const shop of shops) {
      let result = await verifyShopAudit(shop.id);
      const last = await lastAuditCheck(shop.id);
      if (result.ok && last?.ok && last.seq > result.count)
        result = { ok: false, chain: "audit", brokenAtSeq: result.count + 1, reason: "ROLLED_BACK" };
      if (!result.ok) broken++;
      console.log(describeAuditCheck(shop.domain, result));
    }
    if (shops.length === 0) console.log("no audit chain in this database yet");
    return broken ? 1 : 0;
  } finally {
    await disconnectDb();
  }
}

function main(argv: string[]): number {
  const args = [...argv];
  let fingerprint: string | null = null;
  const at = args.indexOf("--fingerprint");
  if (at >= 0) {
    fingerprint = args[at + 1] ?? null;
    args.splice(at, 2);
  }
  const file = args[0];
  if (!file || args.length > 1 || (at >= 0 && !fingerprint)) {
    console.error("usage: npx tsx app/bin/verify.ts <record.json | -> [--fingerprint XXXXX-XXXXX-XXXXX-XXXXX]");
    console.error("       npx tsx app/bin/verify.ts --audit [<shop>.myshopify.com]");
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const { ok, message } = verifyText(text, fingerprint);
  console.log(message);
  return ok ? 0 : 1;
}

if (process.argv[1] && /verify\.ts$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  if (args[0] === "--audit")
    auditMain(args.slice(1)).then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error((error as Error).message);
        process.exit(2);
      },
    );
  else process.exit(main(args));
}
