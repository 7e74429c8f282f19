// The partners register as CSV: the export (the shop's CSV separator and a byte order mark, so
// French Excel opens it; cells protected against formulas), and the import with its dry run. A row names the
// partner it updates by its Id, else its SIREN, else its VAT number; a row matching none creates
// one. The dry run lists every problem by row and field in the reader's language; the import
// writes nothing while any row has one, and otherwise writes every row in one transaction, each
// created or changed partner audited before/after.
import { csvLine, UTF8_BOM } from "../../domain/csv/cells";
import { decodeCsv, guessSeparator } from "../../domain/csv/encoding";
import { readTable } from "../../domain/csv/table";
import {
  PARTNER_CSV_COLUMNS,
  PARTNER_CSV_HEADERS,
  partnerCsvForm,
  partnerCsvMapping,
  partnerCsvRow,
} from "../../domain/partners-csv";
import {
  compactNumber,
  sirenOfVat,
  partnerFieldsOf,
  partnerFormOf,
  partnerFormSchema,
  changedFields,
  type PartnerFields,
  type PartnerForm,
} from "../../domain/partners";
import { hasMessage, translate, type Locale, type MessageKey } from "../../i18n";
import type { Actor } from "../../models/actor";
import {
  allPartners,
  fieldsOfRow,
  insertPartner,
  lockPartners,
  setPartnerArchived,
  updatePartner,
  type PartnerRow,
} from "../../models/parties.server";
import { inTransaction, type Tx } from "../../models/transaction.server";

export const MAX_PARTNER_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_PARTNER_CSV_ROWS = 5000;
/**
 * The whole register (merged partners left out, archived ones marked), as CSV text, separated as
 * the shop's CSV dialect says (";" for French Excel, "," otherwise; the import reads both).
 */
export async function exportPartnersCsv(shopId: string, separator: "," | ";" = ";"): Promise<string> {
  const rows = await allPartners(shopId);
  return (
    UTF8_BOM +
    csvLine(
      PARTNER_CSV_COLUMNS.map((c) => PARTNER_CSV_HEADERS[c]),
      separator,
    ) +
    rows.map((p) => csvLine(partnerCsvRow(p), separator)).join("")
  );
}

export type ImportRowReport = {
  row: number;
  name: string;
  action: "create" | "update" | "unchanged";
  errors: { field: string; message: string }[];
};

export type PartnerImportResult =
  | { ok: true; applied: boolean; rows: ImportRowReport[]; created: number; updated: number; unchanged: number }
  | {
      ok: false;
      code: "INVALID_UTF8" | "TOO_LARGE" | "TOO_MANY_ROWS" | "EMPTY" | "PARSE" | "NO_NAME_COLUMN";
      vars?: Record<string, string | number>;
    };

type Planned = {
  report: ImportRowReport;
  existing: PartnerRow | null;
  fields: PartnerFields | null;
  archived: boolean | null;
};

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const message = (locale: Locale, key: string, vars: Record<string, string | number> = {}) =>
  translate(locale, hasMessage(key) ? key : ("partners.error.invalid" as MessageKey), vars);

/** Every row checked against the schema, the shop's partners and the other rows. */
async function plan(
  tx: Tx,
  shopId: string,
  table: { headers: string[]; rows: string[][] },
  locale: Locale,
): Promise<Planned[]> {
  const mapping = partnerCsvMapping(table.headers);
  const partners = await allPartners(shopId, tx);
  const byId = new Map(partners.map((p) => [p.id, p]));
  const holder = (field: "siren" | "vatNumber", value: string | null) =>
    value ? partners.find((p) => p[field] === value) : undefined;
  const seen = {
    id: new Map<string, number>(),
    siren: new Map<string, number>(),
    vatNumber: new Map<string, number>(),
  };

  return table.rows.map((cells, index) => {
    const parsed = partnerCsvForm(cells, mapping, index + 2);
    const errors: ImportRowReport["errors"] = [];
    const add = (field: string, key: string, vars?: Record<string, string | number>) =>
      errors.push({ field, message: message(locale, key, vars) });
    let existing: PartnerRow | null = null;
    if (parsed.id) {
      existing = byId.get(parsed.id) ?? null;
      if (!existing) add("id", "partners.error.csvUnknownId");
    }
    if (parsed.unknownRoles.length) add("roles", "partners.error.csvRole", { roles: parsed.unknownRoles.join(", ") });
    // A row without an id may still name a partner by its numbers; a new row needs everything.
    // (its SIREN may be given as such, or as the start of its SIRET, or inside a French VAT number).
    const compactVat = parsed.form.vatNumber ? compactNumber(parsed.form.vatNumber) : null;
    const matchSiren =
      (parsed.form.siren ? compactNumber(parsed.form.siren) : "") ||
      (parsed.form.siret ? compactNumber(parsed.form.siret).slice(0, 9) : "") ||
      (compactVat ? sirenOfVat(compactVat) : null);
    if (!existing && !parsed.id) existing = holder("siren", matchSiren) ?? holder("vatNumber", compactVat) ?? null;
    const base: PartnerForm = existing ? partnerFormOf(fieldsOfRow(existing)) : { name: "" };
    const checked = partnerFormSchema.safeParse({ ...base, ...defined(parsed.form) });
    let fields: PartnerFields | null = null;
    if (!checked.success) {
      for (const issue of checked.error.issues) add(issue.path.join(".") || "name", issue.message);
    } else {
      fields = partnerFieldsOf(checked.data);
      for (const field of ["siren", "vatNumber"] as const) {
        const value = fields[field];
        const other = holder(field, value);
        if (other && other.id !== existing?.id)
          add(field, field === "siren" ? "partners.error.SIREN_TAKEN" : "partners.error.VAT_TAKEN", {
            name: other.name,
          });
      }
    }
    // The same partner twice in one file would be written twice, the second silently winning.
    const keys = { id: existing?.id ?? null, siren: fields?.siren ?? null, vatNumber: fields?.vatNumber ?? null };
    for (const k of ["id", "siren", "vatNumber"] as const) {
      const value = keys[k];
      if (!value) continue;
      const first = seen[k].get(value);
      if (first !== undefined) add(k, "partners.error.csvTwice", { row: first });
      else seen[k].set(value, parsed.row);
    }
    const changes = existing && fields ? changedFields(fieldsOfRow(existing), fields) : null;
    const archiveChange = existing && parsed.archived !== null && Boolean(existing.archivedAt) !== parsed.archived;
    const action: ImportRowReport["action"] = !existing
      ? "create"
      : (changes && Object.keys(changes.after).length) || archiveChange
        ? "update"
        : "unchanged";
    return {
      report: { row: parsed.row, name: fields?.name ?? parsed.form.name ?? existing?.name ?? "", action, errors },
      existing,
      fields,
      archived: parsed.archived,
    };
  });
}

/**
 * Checks a CSV file (and, unless `dryRun`, imports it). A file that cannot be read is refused as a
 * whole; rows with problems are reported and, while there are any, nothing is written.
 */
export async function importPartnersCsv(
  shopId: string,
  bytes: Uint8Array,
  options: { dryRun: boolean; locale: Locale; actor: Actor },
): Promise<PartnerImportResult> {
  if (bytes.byteLength > MAX_PARTNER_CSV_BYTES)
    return { ok: false, code: "TOO_LARGE", vars: { maxMb: MAX_PARTNER_CSV_BYTES / 1024 / 1024 } };
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { ok: false, code: "INVALID_UTF8", vars: { offset: decoded.offset } };
  const table = readTable(decoded.text, guessSeparator(decoded.text));
  if ("code" in table) return { ok: false, code: table.code, vars: table.code === "PARSE" ? { line: table.line } : {} };
  if (table.rows.length > MAX_PARTNER_CSV_ROWS)
    return { ok: false, code: "TOO_MANY_ROWS", vars: { max: MAX_PARTNER_CSV_ROWS } };
  if (partnerCsvMapping(table.headers).name === undefined) return { ok: false, code: "NO_NAME_COLUMN" };

  return inTransaction(
    async (tx) => {
      if (!options.dryRun) await lockPartners(tx, shopId);
      const planned = await plan(tx, shopId, table, options.locale);
      const rows = planned.map((p) => p.report);
      const count = (a: ImportRowReport["action"]) => rows.filter((r) => r.action === a).length;
      const summary = { rows, created: count("create"), updated: count("update"), unchanged: count("unchanged") };
      const clean = rows.every((r) => r.errors.length === 0);
      if (options.dryRun || !clean) return { ok: true as const, applied: false, ...summary };
      const audit = { actor: options.actor, reason: "CSV import" };
      for (const p of planned) {
        if (!p.fields) continue;
        if (!p.existing) {
          const id = await insertPartner(tx, shopId, p.fields, audit);
          if (p.archived) await setPartnerArchived(tx, shopId, id, new Date(), null, audit);
          continue;
        }
        await updatePartner(tx, shopId, p.existing, p.fields, audit);
        if (p.archived !== null && Boolean(p.existing.archivedAt) !== p.archived)
          await setPartnerArchived(
            tx,
            shopId,
            p.existing.id,
            p.archived ? new Date() : null,
            p.existing.archivedAt,
            audit,
          );
      }
      return { ok: true as const, applied: true, ...summary };
    },
    { timeout: 60_000 },
  );
}
