// A piece's history as a jeweler's ledger: the audit entries, ledger movements and sales of one
// piece turned into one line per event, in the reader's language ("Vendue le 2 déc., commande
// #1001, 1 900 €" by "Camille Martin"). Presentation only: the stored rows are never changed.
//
// Decisions:
// - A change writes a movement and an audit entry naming it (data.movementId): one line, from the
//   audit entry. An intake movement is the creation entry's line.
// - A sale moves the piece sold, then archived, with the same reason: one line "Sold", with the
//   order and price from the sale row when there is one.
// - A print request (queued from the admin, then printed or failed by a kiosk) is one line, at the
//   time of the request, by the person who asked; its outcome is in the line.
// - Who: the person's name, not the stored label's "(admin)" suffix; a label stored before Shopify
//   told Loupe the person's name ("Shopify user 9001") reads as the name known now; webhooks read
//   as Shopify, the app's own work as Loupe.
// - Why: what a person typed. Reasons the app writes itself ("sold in order #1001") say again what
//   the line says, in English: they are left out.
import { formatMoney } from "./money";
import { intlLocale, translate, hasMessage, type Locale, type MessageKey } from "../i18n";

export type LedgerAudit = {
  seq: number;
  at: Date | string;
  actor: string;
  action: string;
  reason: string | null;
  /** Canonical JSON as stored, or already parsed. */
  data: string | Record<string, unknown> | null;
};

export type LedgerMovement = {
  id: string;
  at: Date | string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  toLocationId: string | null;
  actorName: string;
  reason: string;
};

export type LedgerSale = {
  orderName: string | null;
  priceMinor: bigint;
  currency: string;
  soldAt: Date | string;
  refundedAt: Date | string | null;
};

export type LedgerContext = {
  locale: Locale;
  timeZone: string;
  /** The piece's currency (prices in entries are minor units of it). */
  currency: string;
  /** Names of people as known now, by Shopify user id (for labels stored before the name was known). */
  shopifyUserNames?: ReadonlyMap<string, string>;
  /** Location paths by id (movements store ids). */
  locationPaths?: ReadonlyMap<string, string>;
};

export type LedgerLine = { at: string; who: string; what: string; why: string | null };

type Event = { at: Date; seq: number; who: string; what: string; why: string | null };

const KIND_SUFFIX = /\s\((admin|staff|kiosk|webhook|system|import)\)$/;

/** "Camille Martin (admin)" → "Camille Martin"; "Shopify user 9001 (admin)" → the name known now. */
export function personName(stored: string, locale: Locale, names?: ReadonlyMap<string, string>): string {
  const kind = KIND_SUFFIX.exec(stored)?.[1];
  const name = stored.replace(KIND_SUFFIX, "");
  const shopifyUser = /^Shopify user (\d+)$/.exec(name);
  if (shopifyUser) return names?.get(shopifyUser[1]!) ?? translate(locale, "ledger.who.shopifyUser");
  if (name === "Shopify admin") return translate(locale, "ledger.who.shopifyUser");
  if (kind === "webhook" || name.startsWith("Shopify webhook ")) return "Shopify";
  // A kiosk person is stored "Léa @ Boutique 1": the person, at that kiosk.
  const atKiosk = /^(.+) @ (.+)$/.exec(name);
  if (atKiosk) return translate(locale, "ledger.who.atKiosk", { name: atKiosk[1]!, kiosk: atKiosk[2]! });
  return name;
}

/** Reasons the app writes itself: the line already says them (and they are stored in English). */
const SYSTEM_REASONS: readonly RegExp[] = [
  /^sold in order /,
  /^order .+ cancelled$/,
  /^refund with restock on order /,
  /^printed (from the piece page|from the pieces list|at the kiosk)$/,
  /^reprint at the kiosk$/,
  /^tag attached( at intake)?$/,
  /^received at the counter$/,
  /^first tag on RFID stock$/,
  /^the Shopify product was deleted$/,
];

function typedReason(reason: string | null): string | null {
  if (!reason || SYSTEM_REASONS.some((r) => r.test(reason))) return null;
  // The default reasons of the admin's buttons ("changed on the piece page") in either language.
  const defaults: MessageKey[] = [
    "catalog.piece.defaultReason",
    "catalog.edit.defaultReason",
    "catalog.bulk.defaultReason",
  ];
  if (defaults.some((k) => translate("en", k) === reason || translate("fr", k) === reason)) return null;
  return reason;
}

function parse(data: LedgerAudit["data"]): Record<string, unknown> {
  if (!data) return {};
  if (typeof data !== "string") return data;
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stateName(locale: Locale, state: string): string {
  const key = `state.${state}`;
  return hasMessage(key) ? translate(locale, key) : state;
}

function shortDate(at: Date, ctx: LedgerContext): string {
  return new Intl.DateTimeFormat(intlLocale(ctx.locale), {
    day: "numeric",
    month: "short",
    timeZone: ctx.timeZone,
  }).format(at);
}

const orderOf = (reason: string | null) => /order (\S+)/.exec(reason ?? "")?.[1] ?? null;

/** What a change of state says, by the state it leads to (a state without its own words is named). */
function stateLine(to: string, from: string | null, ctx: LedgerContext): string {
  const key = `ledger.to.${to}`;
  if (to === "active" && (from === "sold" || from === "archived")) return translate(ctx.locale, "ledger.returned");
  if (to === "active" && from && from !== "receiving") return translate(ctx.locale, "ledger.backOnSale");
  return hasMessage(key)
    ? translate(ctx.locale, key as MessageKey)
    : translate(ctx.locale, "ledger.toState", { state: stateName(ctx.locale, to) });
}

function saleLine(at: Date, reason: string | null, sales: readonly LedgerSale[], ctx: LedgerContext): string {
  const order = orderOf(reason);
  const sale =
    sales.find((s) => order !== null && s.orderName === order) ??
    // A sale row is written with the state change; its time is the order's, not the change's.
    [...sales].sort((a, b) => Math.abs(+new Date(a.soldAt) - +at) - Math.abs(+new Date(b.soldAt) - +at))[0];
  const date = shortDate(at, ctx);
  const orderName = sale?.orderName ?? order;
  if (!sale && !orderName) return translate(ctx.locale, "ledger.sold", { date });
  if (!sale) return translate(ctx.locale, "ledger.soldOrder", { date, order: orderName! });
  const price = formatMoney(sale.priceMinor, sale.currency, intlLocale(ctx.locale));
  return orderName
    ? translate(ctx.locale, "ledger.soldOrderPrice", { date, order: orderName, price })
    : translate(ctx.locale, "ledger.soldPrice", { date, price });
}

function printLine(outcome: { action: string; reason: string | null } | null, reprint: boolean, ctx: LedgerContext) {
  const base = translate(ctx.locale, reprint ? "ledger.print.reprint" : "ledger.print.print");
  if (!outcome) return translate(ctx.locale, "ledger.print.waiting", { what: base });
  if (outcome.action === "piece.tag_print_failed")
    return translate(ctx.locale, "ledger.print.failed", { what: base, error: outcome.reason ?? "" });
  return translate(ctx.locale, "ledger.print.done", { what: base });
}

function changedFields(data: Record<string, unknown>, locale: Locale): string {
  const changes = data.changes && typeof data.changes === "object" ? Object.keys(data.changes) : [];
  return changes
    .map((field) => {
      const key = `ledger.field.${field}`;
      return hasMessage(key) ? translate(locale, key as MessageKey) : null;
    })
    .filter((x): x is string => x !== null)
    .join(", ");
}

function priceChange(data: Record<string, unknown>, ctx: LedgerContext): string {
  const price = data.price as { from?: unknown; to?: unknown } | undefined;
  const show = (v: unknown) =>
    v === null || v === undefined
      ? "—"
      : formatMoney(BigInt(v as string | number), ctx.currency, intlLocale(ctx.locale));
  if (price && price.from !== price.to)
    return translate(ctx.locale, "ledger.shopifyPrice", { from: show(price.from), to: show(price.to) });
  return translate(ctx.locale, "ledger.shopifyTitle");
}

/** One audit entry's words; null when another line already tells it. */
function auditWhat(
  entry: LedgerAudit,
  data: Record<string, unknown>,
  sales: readonly LedgerSale[],
  ctx: LedgerContext,
) {
  const at = new Date(entry.at);
  const { locale } = ctx;
  switch (entry.action) {
    case "piece.created":
      return data.detailsPending
        ? translate(locale, "ledger.createdFromCatalogue")
        : translate(locale, "ledger.created", { state: stateName(locale, String(data.state ?? "receiving")) });
    case "import.pieces_created":
      return translate(locale, "ledger.imported", { file: String(data.fileName ?? "CSV") });
    case "piece.state_changed": {
      const to = String(data.to ?? "");
      const from = data.from ? String(data.from) : null;
      if (to === "sold") return saleLine(at, entry.reason, sales, ctx);
      // The archive that follows a sale at once is the sale's line.
      if (from === "sold" && to === "archived") return null;
      return stateLine(to, from, ctx);
    }
    case "piece.moved":
      return translate(locale, "ledger.moved", {
        path: String(data.toPath ?? ctx.locationPaths?.get(String(data.to)) ?? "—"),
      });
    case "piece.tagged":
      return translate(locale, "ledger.tagged");
    case "piece.edited": {
      const fields = changedFields(data, locale);
      return fields ? translate(locale, "ledger.editedFields", { fields }) : translate(locale, "ledger.edited");
    }
    case "piece.details_completed":
      return translate(locale, "ledger.detailsCompleted");
    case "piece.linked_to_shopify":
      return translate(locale, "ledger.linked");
    case "piece.unlinked_from_shopify":
      return translate(locale, "ledger.unlinked");
    case "piece.updated_from_shopify":
      return priceChange(data, ctx);
    case "piece.cost_recosted":
      return translate(locale, "ledger.recosted");
    case "piece.epc_serial_assigned":
      return translate(locale, "ledger.epcSerial");
    case "provenance.signed":
      return translate(locale, "ledger.signed", { version: String(data.version ?? "") });
    case "provenance.record_confirmed":
      return translate(locale, "ledger.confirmed", { version: String(data.version ?? "") });
    case "provenance.token_reissued":
      return translate(locale, "ledger.tokenReissued");
    case "provenance.service_event_added":
      return translate(locale, "ledger.serviceEvent");
    case "materials.finished_sold":
    case "materials.finished_returned":
      // The sale or return line says it; the cost moving out of finished goods is the accountant's.
      return null;
    default:
      return translate(locale, "ledger.other", { action: entry.action });
  }
}

/**
 * The piece's ledger, oldest first. `audit` are the piece's entries (seq order or not), `movements`
 * its ledger rows, `sales` its sale rows.
 */
export function ledgerLines(
  input: { audit: readonly LedgerAudit[]; movements: readonly LedgerMovement[]; sales?: readonly LedgerSale[] },
  ctx: LedgerContext,
): LedgerLine[] {
  const sales = input.sales ?? [];
  const audit = [...input.audit].sort((a, b) => a.seq - b.seq);
  const parsed = audit.map((entry) => ({ entry, data: parse(entry.data) }));
  const told = new Set(parsed.map(({ data }) => data.movementId).filter((id): id is string => typeof id === "string"));
  const created = parsed.some(
    ({ entry }) => entry.action === "piece.created" || entry.action === "import.pieces_created",
  );
  // A print job's outcome, by job id: folded into the request's line.
  const outcomes = new Map<string, { action: string; reason: string | null }>();
  for (const { entry, data } of parsed)
    if (/^piece\.tag_(re)?print(ed|_failed)$/.test(entry.action) && typeof data.printJobId === "string")
      outcomes.set(data.printJobId, { action: entry.action, reason: entry.reason });
  const requested = new Set(
    parsed
      .filter(({ entry }) => /^piece\.(re)?print_queued$/.test(entry.action))
      .map(({ data }) => data.printJobId)
      .filter((id): id is string => typeof id === "string"),
  );

  const events: Event[] = [];
  for (const { entry, data } of parsed) {
    const who = personName(entry.actor, ctx.locale, ctx.shopifyUserNames);
    const why = typedReason(entry.reason);
    const at = new Date(entry.at);
    let what: string | null;
    if (/^piece\.(re)?print_queued$/.test(entry.action)) {
      const job = typeof data.printJobId === "string" ? data.printJobId : null;
      what = printLine(job ? (outcomes.get(job) ?? null) : null, entry.action === "piece.reprint_queued", ctx);
    } else if (/^piece\.tag_(re)?print(ed|_failed)$/.test(entry.action)) {
      // The outcome of a queued request is on the request's line; a kiosk's own print is its line.
      if (typeof data.printJobId === "string" && requested.has(data.printJobId)) continue;
      what = printLine({ action: entry.action, reason: entry.reason }, entry.action === "piece.tag_reprinted", ctx);
    } else {
      what = auditWhat(entry, data, sales, ctx);
    }
    if (what === null) continue;
    const failed = entry.action === "piece.tag_print_failed";
    events.push({ at, seq: entry.seq, who, what, why: failed ? null : why });
  }
  for (const m of input.movements) {
    if (told.has(m.id) || (m.kind === "intake" && created)) continue;
    const at = new Date(m.at);
    let what: string;
    if (m.kind === "intake")
      what = translate(ctx.locale, "ledger.created", { state: stateName(ctx.locale, m.toState ?? "receiving") });
    else if (m.kind === "location" || m.kind === "shopify_location")
      what = translate(ctx.locale, "ledger.moved", {
        path: (m.toLocationId && ctx.locationPaths?.get(m.toLocationId)) || "—",
      });
    else if (m.toState === "sold") what = saleLine(at, m.reason, sales, ctx);
    else if (m.fromState === "sold" && m.toState === "archived") continue;
    else if (m.toState && m.toState !== m.fromState) what = stateLine(m.toState, m.fromState, ctx);
    else what = translate(ctx.locale, "ledger.other", { action: m.kind });
    events.push({
      at,
      seq: Number.MAX_SAFE_INTEGER,
      who: personName(m.actorName, ctx.locale, ctx.shopifyUserNames),
      what,
      why: typedReason(m.reason),
    });
  }
  return events
    .sort((a, b) => +a.at - +b.at || a.seq - b.seq)
    .map((e) => ({ at: e.at.toISOString(), who: e.who, what: e.what, why: e.why }));
}
