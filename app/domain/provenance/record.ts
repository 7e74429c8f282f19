/**
 * The public provenance record of a piece: the only shape of a piece that ever leaves for a
 * customer. It is built field by field from an allow-list (never by copying a database row and
 * deleting what is private), so a column added to the schema later stays private until someone
 * adds it here on purpose. Cost, price, supplier, consignor, customer, staff, internal notes and
 * locations have no place in it.
 */

export const PROVENANCE_FORMAT = "loupe-provenance/1";
/**
 * Records signed as numbered versions: the version number is part of the signed message, so an
 * earlier version cannot be passed off as a later one. Format 1 records (no number) still verify.
 */
export const PROVENANCE_FORMAT_VERSIONED = "loupe-provenance/2";

/** What the model reads for a public page: exactly the allow-listed columns, nothing else. */
export type ProvenanceSource = {
  token: string;
  shop: { domain: string; name: string | null; ianaTimezone: string };
  piece: {
    title: string;
    madeBy: string | null;
    originNotes: string | null;
    acquiredAt: Date | null;
    createdAt: Date;
    soldAt: Date | null;
  };
  metals: readonly {
    metal: string;
    colour: string | null;
    finenessBp: number;
    grossWeightMg: bigint;
    fineWeightMg: bigint;
    hallmark: string | null;
  }[];
  stones: readonly {
    type: string;
    origin: string;
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
    cutGrade: string | null;
    measurements: string | null;
    treatment: string | null;
    position: string;
    certificate: { lab: string; number: string } | null;
  }[];
  certificates: readonly { lab: string; number: string; issuedAt: Date | null; grades: string }[];
  serviceEvents: readonly { kind: string; at: Date; publicNote: string | null }[];
};

export type PublicEvent =
  | { kind: "made" | "received" | "sold"; date: string }
  | { kind: "certified"; date: string; lab: string; number: string }
  | { kind: "service"; date: string; service: string; note: string | null };

export type PublicRecord = {
  token: string;
  shop: { domain: string; name: string | null };
  title: string;
  madeBy: string | null;
  originNotes: string | null;
  metals: {
    metal: string;
    colour: string | null;
    finenessBp: number;
    /** Milligrams as a decimal string: JSON numbers are doubles. */
    grossWeightMg: string;
    fineWeightMg: string;
    hallmark: string | null;
  }[];
  stones: {
    type: string;
    origin: string;
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
    cutGrade: string | null;
    measurements: string | null;
    treatment: string | null;
    position: string;
    certificate: string | null;
  }[];
  certificates: { lab: string; number: string; issuedOn: string | null; grades: Record<string, string> }[];
  events: PublicEvent[];
};

export const SERVICE_KINDS = ["cleaning", "resizing", "appraisal", "repair", "other"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

// Building an Intl formatter costs far more than using one: keep one per time zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in the shop's time zone (customers see days, not times). */
export function dayIn(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}

/** Grades are stored as a JSON object; only string values of a plain object are published. */
function publicGrades(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === "string" || typeof value === "number") out[key] = String(value);
  }
  return out;
}

export function publicRecord(source: ProvenanceSource): PublicRecord {
  const tz = source.shop.ianaTimezone;
  const { piece } = source;
  const events: PublicEvent[] = [];
  events.push({ kind: piece.madeBy ? "made" : "received", date: dayIn(piece.acquiredAt ?? piece.createdAt, tz) });
  for (const c of source.certificates) {
    if (c.issuedAt) events.push({ kind: "certified", date: dayIn(c.issuedAt, tz), lab: c.lab, number: c.number });
  }
  if (piece.soldAt) events.push({ kind: "sold", date: dayIn(piece.soldAt, tz) });
  for (const s of source.serviceEvents) {
    events.push({ kind: "service", date: dayIn(s.at, tz), service: s.kind, note: s.publicNote });
  }
  // Stable order: by day, then in the order above (made before certified before sold).
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i));
  return {
    token: source.token,
    shop: { domain: source.shop.domain, name: source.shop.name },
    title: piece.title,
    madeBy: piece.madeBy,
    originNotes: piece.originNotes,
    metals: source.metals.map((m) => ({
      metal: m.metal,
      colour: m.colour,
      finenessBp: m.finenessBp,
      grossWeightMg: m.grossWeightMg.toString(),
      fineWeightMg: m.fineWeightMg.toString(),
      hallmark: m.hallmark,
    })),
    stones: source.stones.map((s) => ({
      type: s.type,
      origin: s.origin,
      shape: s.shape,
      millicarats: s.millicarats,
      count: s.count,
      colour: s.colour,
      clarity: s.clarity,
      cutGrade: s.cutGrade,
      measurements: s.measurements,
      treatment: s.treatment,
      position: s.position,
      certificate: s.certificate ? `${s.certificate.lab} ${s.certificate.number}` : null,
    })),
    certificates: source.certificates.map((c) => ({
      lab: c.lab,
      number: c.number,
      issuedOn: c.issuedAt ? dayIn(c.issuedAt, tz) : null,
      grades: publicGrades(c.grades),
    })),
    events: ordered.map((x) => x.e),
  };
}

/** A photo of the Shopify product as the public page shows it. */
export type PublicPhoto = { url: string; alt: string | null };
