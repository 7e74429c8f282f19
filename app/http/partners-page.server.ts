// The partners register's pages (/app/partners, /app/partners/:id, the CSV import and export):
// what they show and the changes their forms make. The register names the shop's suppliers, so it
// is open to the roles that see cost and supplier (others get a translated 403). Forms are read
// with the domain's schemas; refusals answer beside their field in the reader's language.
import { z } from "zod";
import { requireAdmin, type AdminContext } from "./admin-context.server";
import type { Permission } from "../domain/staff/permissions";
import { PARTNERS_EXPORT_GATE, PARTNERS_GATE, PARTNERS_IMPORT_GATE } from "../domain/staff/gates";
import { invalidAnswer, readBody, refusedAnswer, type Refusal } from "./admin-action.server";
import { auditForEntity } from "../models/audit.server";
import { getPartner, listPartners, mergedInto, partnerUsage } from "../models/parties.server";
import {
  createPartner,
  editPartner,
  mergePartners,
  setArchived,
  versionOf,
} from "../services/partners/register.server";
import { exportPartnersCsv, importPartnersCsv } from "../services/partners/csv.server";
import { csvDialect } from "../domain/csv/dialect";
import {
  flagsToRoles,
  PARTNER_ROLES,
  partnerFieldsOf,
  partnerFormOf,
  partnerFormSchema,
  type PartnerRole,
} from "../domain/partners";
import { isoDay } from "../domain/days";
import { translate, type Locale, type MessageKey } from "../i18n";

export async function requirePartnersAdmin(
  request: Request,
  gate: readonly Permission[] = PARTNERS_GATE,
): Promise<AdminContext> {
  return requireAdmin(request, gate);
}

const refused = (locale: Locale, refusal: Refusal, intent: string) =>
  refusedAnswer(locale, refusal, { prefix: "partners.error.", fallback: "partners.error.refused", intent });

// ---------------------------------------------------------------- the list

export async function partnersListPage(request: Request) {
  const { shop } = await requirePartnersAdmin(request);
  const url = new URL(request.url);
  const search = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const roleParam = url.searchParams.get("role") ?? "";
  const role = (PARTNER_ROLES as readonly string[]).includes(roleParam) ? (roleParam as PartnerRole) : null;
  const archived = url.searchParams.get("archived") === "1";
  const rows = await listPartners(shop.id, { search, role, archived });
  return {
    search,
    role: role ?? "",
    archived,
    partners: rows.map((p) => ({
      id: p.id,
      name: p.name,
      roles: flagsToRoles(p),
      contactName: p.contactName,
      city: p.city,
      siren: p.siren,
      vatNumber: p.vatNumber,
      archived: p.archivedAt !== null,
    })),
  };
}

const createSchema = z.object({ intent: z.literal("create") }).passthrough();

export async function partnersListAction(request: Request) {
  const { shop, actor, locale } = await requirePartnersAdmin(request);
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null, "create");
  if (!createSchema.safeParse(body.value).success) return invalidAnswer(locale, null, "create");
  const parsed = partnerFormSchema.safeParse(body.value);
  if (!parsed.success) return invalidAnswer(locale, parsed.error, "create");
  const result = await createPartner(shop.id, partnerFieldsOf(parsed.data), actor);
  if (!result.ok) return refused(locale, result, "create");
  return {
    ok: true as const,
    intent: "create",
    id: result.id,
    message: translate(locale, "partners.saved.create", { name: parsed.data.name }),
  };
}

// ---------------------------------------------------------------- one partner

export async function partnerPage(request: Request, id: string) {
  const { shop, locale } = await requirePartnersAdmin(request);
  const row = await getPartner(shop.id, id);
  if (!row) throw new Response(translate(locale, "partners.error.PARTNER_NOT_FOUND"), { status: 404 });
  const merged = await mergedInto(shop.id, row.id);
  const [usage, history, others, survivor] = await Promise.all([
    partnerUsage(shop.id, [row.id, ...merged.map((m) => m.id)]),
    auditForEntity(shop.id, "Party", row.id),
    listPartners(shop.id, { archived: true, take: 1000 }),
    row.mergedIntoId ? getPartner(shop.id, row.mergedIntoId) : Promise.resolve(null),
  ]);
  return {
    partner: {
      id: row.id,
      version: versionOf(row),
      form: partnerFormOf(row),
      roles: flagsToRoles(row),
      archived: row.archivedAt !== null,
      createdAt: row.createdAt.toISOString(),
      mergedInto: row.mergedIntoId ? { id: row.mergedIntoId, name: survivor?.name ?? row.mergedIntoId } : null,
    },
    usage,
    merged: merged.map((m) => ({ id: m.id, name: m.name, at: m.mergedAt?.toISOString() ?? null })),
    duplicates: others
      .filter((p) => p.id !== row.id)
      .map((p) => ({ id: p.id, name: p.name, siren: p.siren, city: p.city, archived: p.archivedAt !== null })),
    history: history.map((h) => ({
      seq: h.seq,
      at: h.at.toISOString(),
      actor: h.actor,
      action: h.action,
      reason: h.reason,
    })),
    timeZone: shop.ianaTimezone,
  };
}

const partnerIntent = z.object({
  intent: z.enum(["edit", "archive", "restore", "merge"]),
  version: z.string().max(40).optional(),
  duplicateId: z.string().max(64).optional(),
  reason: z.string().trim().max(300).optional(),
});

export async function partnerAction(request: Request, id: string) {
  const { shop, actor, locale } = await requirePartnersAdmin(request);
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null);
  const head = partnerIntent.safeParse(body.value);
  if (!head.success) return invalidAnswer(locale, head.error);
  const { intent } = head.data;
  if (intent === "edit") {
    const parsed = partnerFormSchema.safeParse(body.value);
    if (!parsed.success) return invalidAnswer(locale, parsed.error, intent);
    const result = await editPartner(
      shop.id,
      { id, version: head.data.version ?? null, fields: partnerFieldsOf(parsed.data) },
      actor,
    );
    if (!result.ok) return refused(locale, result, intent);
    const key: MessageKey = result.changed ? "partners.saved.edit" : "partners.saved.unchanged";
    return { ok: true as const, intent, message: translate(locale, key, { name: parsed.data.name }) };
  }
  if (intent === "archive" || intent === "restore") {
    const result = await setArchived(shop.id, { id, archived: intent === "archive" }, actor);
    if (!result.ok) return refused(locale, result, intent);
    return {
      ok: true as const,
      intent,
      message: translate(locale, `partners.saved.${intent}`, { name: result.name }),
    };
  }
  if (!head.data.duplicateId) return refused(locale, { code: "DUPLICATE_REQUIRED", field: "duplicateId" }, intent);
  const result = await mergePartners(
    shop.id,
    { survivorId: id, duplicateId: head.data.duplicateId, reason: head.data.reason || null },
    actor,
  );
  if (!result.ok) return refused(locale, result, intent);
  return {
    ok: true as const,
    intent,
    message: translate(locale, "partners.saved.merge", {
      pieces: result.moved.pieces,
      consignments: result.moved.consignments,
      receipts: result.moved.materialReceipts,
    }),
  };
}

// ---------------------------------------------------------------- CSV

export async function partnersCsvExport(request: Request): Promise<Response> {
  const { shop } = await requirePartnersAdmin(request, PARTNERS_EXPORT_GATE);
  const name = `loupe-partners-${shop.domain.replace(/\.myshopify\.com$/, "")}-${isoDay(new Date())}.csv`;
  return new Response(await exportPartnersCsv(shop.id, csvDialect(shop.csvFrenchExcel, shop.locale).separator), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}

const importSchema = z.object({
  intent: z.enum(["check", "import"]),
  file: z.instanceof(File, { message: "partners.error.csvFile" }),
});

export async function partnersCsvImport(request: Request) {
  const { shop, actor, locale } = await requirePartnersAdmin(request, PARTNERS_IMPORT_GATE);
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null);
  const parsed = importSchema.safeParse(body.value);
  if (!parsed.success) return invalidAnswer(locale, parsed.error);
  const bytes = new Uint8Array(await parsed.data.file.arrayBuffer());
  const result = await importPartnersCsv(shop.id, bytes, {
    dryRun: parsed.data.intent === "check",
    locale,
    actor,
  });
  if (!result.ok)
    return refused(locale, { code: `CSV_${result.code}`, field: "file", vars: result.vars }, parsed.data.intent);
  const failed = result.rows.filter((r) => r.errors.length > 0);
  const summary = translate(locale, result.applied ? "partners.import.applied" : "partners.import.checked", {
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    failed: failed.length,
  });
  return {
    ok: true as const,
    intent: parsed.data.intent,
    applied: result.applied,
    message:
      failed.length && parsed.data.intent === "import" ? translate(locale, "partners.import.notApplied") : summary,
    summary,
    rows: result.rows,
  };
}
