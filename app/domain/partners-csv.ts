/**
 * The partners register as a CSV table: the export's columns (names the import recognises, in
 * English or French), a partner as a row, and a row back as the partner form. Roles are one cell,
 * names separated by commas ("supplier, consignor" or "fournisseur, déposant").
 */
import { PARTNER_ROLES, partnerFormOf, type PartnerFields, type PartnerForm, type PartnerRole } from "./partners";

export const PARTNER_CSV_COLUMNS = [
  "id",
  "name",
  "roles",
  "contactName",
  "email",
  "phone",
  "address",
  "postcode",
  "city",
  "country",
  "siren",
  "siret",
  "vatNumber",
  "commission",
  "paymentDays",
  "returnDays",
  "termsNotes",
  "notes",
  "archived",
] as const;
export type PartnerCsvColumn = (typeof PARTNER_CSV_COLUMNS)[number];

/** The export's header for each column (English, as the pieces export). */
export const PARTNER_CSV_HEADERS: Record<PartnerCsvColumn, string> = {
  id: "Id",
  name: "Name",
  roles: "Roles",
  contactName: "Contact",
  email: "Email",
  phone: "Phone",
  address: "Address",
  postcode: "Postcode",
  city: "City",
  country: "Country",
  siren: "SIREN",
  siret: "SIRET",
  vatNumber: "VAT number",
  commission: "Commission %",
  paymentDays: "Payment days",
  returnDays: "Return days",
  termsNotes: "Terms notes",
  notes: "Notes",
  archived: "Archived",
};

const ALIASES: Record<PartnerCsvColumn, string[]> = {
  id: ["id", "identifiant", "partner id"],
  name: ["name", "nom", "raison sociale", "company"],
  roles: ["roles", "role", "rôles", "rôle"],
  contactName: ["contact", "contact name", "interlocuteur"],
  email: ["email", "e-mail", "courriel", "mail"],
  phone: ["phone", "telephone", "téléphone", "tel", "tél"],
  address: ["address", "adresse"],
  postcode: ["postcode", "postal code", "zip", "code postal", "cp"],
  city: ["city", "town", "ville"],
  country: ["country", "pays"],
  siren: ["siren"],
  siret: ["siret"],
  vatNumber: ["vat number", "vat", "tva", "numéro de tva", "numero de tva", "tva intracommunautaire", "n° tva"],
  commission: ["commission %", "commission", "commission (%)"],
  paymentDays: ["payment days", "payment terms", "délai de paiement", "delai de paiement", "jours de paiement"],
  returnDays: ["return days", "délai de retour", "delai de retour", "jours de retour"],
  termsNotes: ["terms notes", "terms", "conditions"],
  notes: ["notes", "note", "remarques"],
  archived: ["archived", "archivé", "archive"],
};

const ROLE_NAMES: Record<string, PartnerRole> = {
  supplier: "supplier",
  fournisseur: "supplier",
  consignor: "consignor",
  déposant: "consignor",
  deposant: "consignor",
  memo: "memo",
  "memo partner": "memo",
  confié: "memo",
  confie: "memo",
  workshop: "workshop",
  atelier: "workshop",
};

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

/** Which column each header is (headers no column claims are ignored). */
export function partnerCsvMapping(headers: readonly string[]): Partial<Record<PartnerCsvColumn, number>> {
  const out: Partial<Record<PartnerCsvColumn, number>> = {};
  headers.forEach((header, index) => {
    const h = norm(header);
    const column = PARTNER_CSV_COLUMNS.find((c) => ALIASES[c].includes(h));
    if (column && out[column] === undefined) out[column] = index;
  });
  return out;
}

/** A partner as the export's cells, in PARTNER_CSV_COLUMNS order. */
export function partnerCsvRow(p: PartnerFields & { id: string; archivedAt: Date | null }): string[] {
  const form = partnerFormOf(p);
  const cells: Record<PartnerCsvColumn, string> = {
    ...form,
    id: p.id,
    roles: form.roles.join(", "),
    archived: p.archivedAt ? "yes" : "",
  };
  return PARTNER_CSV_COLUMNS.map((c) => cells[c]);
}

export type PartnerCsvRow = {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  row: number;
  id: string | null;
  form: Partial<PartnerForm>;
  /** Role names the row gave that Loupe does not know. */
  unknownRoles: string[];
  archived: boolean | null;
};

const YES = new Set(["yes", "oui", "y", "o", "1", "true", "vrai", "x"]);
const NO = new Set(["", "no", "non", "n", "0", "false", "faux"]);

/**
 * A row's cells as the partner form (every field as typed; a column the file lacks is left
 * undefined, so an update keeps what the partner had), its id and its archived flag.
 */
export function partnerCsvForm(
  cells: readonly string[],
  mapping: Partial<Record<PartnerCsvColumn, number>>,
  row: number,
): PartnerCsvRow {
  const v = (c: PartnerCsvColumn) => {
    const i = mapping[c];
    return i === undefined ? undefined : (cells[i] ?? "").trim();
  };
  const roleCell = v("roles") ?? "";
  const names = roleCell
    .split(/[,;|/]/)
    .map(norm)
    .filter(Boolean);
  const roles = [...new Set(names.map((n) => ROLE_NAMES[n]).filter((r): r is PartnerRole => Boolean(r)))];
  const archivedCell = v("archived");
  const archived =
    archivedCell === undefined ? null : YES.has(norm(archivedCell)) ? true : NO.has(norm(archivedCell)) ? false : null;
  const form: Partial<PartnerForm> = {
    name: v("name") ?? "",
    roles: mapping.roles === undefined ? undefined : PARTNER_ROLES.filter((r) => roles.includes(r)),
    contactName: v("contactName"),
    email: v("email"),
    phone: v("phone"),
    address: v("address"),
    postcode: v("postcode"),
    city: v("city"),
    country: v("country"),
    siren: v("siren"),
    siret: v("siret"),
    vatNumber: v("vatNumber"),
    commission: v("commission")?.replace(/\s*%$/, ""),
    paymentDays: v("paymentDays"),
    returnDays: v("returnDays"),
    termsNotes: v("termsNotes"),
    notes: v("notes"),
  };
  return {
    row,
    id: v("id") || null,
    form,
    unknownRoles: names.filter((n) => !ROLE_NAMES[n]),
    archived,
  };
}
