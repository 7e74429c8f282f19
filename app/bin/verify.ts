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
import { readFileSync } from "node:fs";
import { verifyEnvelope, type VerifyFailure } from "../domain/provenance/signature";

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

if (process.argv[1] && /verify\.ts$/.test(process.argv[1])) process.exit(main(process.argv.slice(2)));
