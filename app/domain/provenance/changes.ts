// When a public record may be signed again, and what changed since the last signature.
//
// The rule (README, "Provenance"): a new version is signed only from values written through Loupe.
// Every change of what the public page shows (an edit, a bulk correction, a sale or its refund, a
// service event, a replaced tag, Shopify's title of a one-of-a-kind piece) reads the record as it
// stands before writing, writes with its audit entry, and signs the next version in the same
// transaction. So at any moment outside a transaction the record read from the database equals the
// newest signed version, unless someone changed the database behind the app's back. A change that
// finds the record it started from different from the newest version therefore writes what it
// came to write (it is audited) but signs nothing: signing would vouch for the unexplained part.
// Page views never sign a version after the first. Only a manager's confirmation (audited with a
// reason and with the parts that differ, before and after) signs such a record again.
import { canonicalJson } from "../audit";
import type { PublicRecord } from "./record";

/** What the change started from: the newest signed version's digest and the record's own. */
export type Baseline = { signed: { version: number; digest: string } | null; digest: string | null };

export type SignDecision =
  | { sign: true; version: number }
  /** Nothing signed yet: the first view signs version 1 (or a change holding the key). */
  | { sign: false; why: "UNSIGNED" }
  | { sign: false; why: "UNCHANGED" }
  /** The record differed from its signature before this change: held until a manager confirms. */
  | { sign: false; why: "HELD" };

/**
 * Whether a change that started from `baseline` and left the record with digest `after` signs the
 * next version. `firstVersion`: the change may sign version 1 when nothing was signed yet.
 */
export function signDecision(baseline: Baseline, after: string, firstVersion: boolean): SignDecision {
  if (!baseline.signed) return firstVersion ? { sign: true, version: 1 } : { sign: false, why: "UNSIGNED" };
  if (baseline.digest !== baseline.signed.digest) return { sign: false, why: "HELD" };
  if (after === baseline.signed.digest) return { sign: false, why: "UNCHANGED" };
  return { sign: true, version: baseline.signed.version + 1 };
}

const PARTS = [
  "token",
  "shop",
  "title",
  "madeBy",
  "originNotes",
  "metals",
  "stones",
  "certificates",
  "events",
] as const satisfies readonly (keyof PublicRecord)[];
export type RecordPart = (typeof PARTS)[number];

/** The parts of the record that differ between the signed one and the current one, before and after. */
export function recordChanges(
  signed: PublicRecord,
  current: PublicRecord,
): Partial<Record<RecordPart, { before: unknown; after: unknown }>> {
  const out: Partial<Record<RecordPart, { before: unknown; after: unknown }>> = {};
  for (const part of PARTS)
    if (canonicalJson(signed[part]) !== canonicalJson(current[part]))
      out[part] = { before: signed[part], after: current[part] };
  return out;
}
