// The home page's day: what is due back (consignments past their date or due within the week) and
// the latest ledger lines across the shop's pieces, in the person's language.
import { DAY_MS } from "../domain/days";
import { DUE_SOON_DAYS, dueStatus } from "../domain/due-dates";
import { ledgerLines } from "../domain/ledger";
import { consignmentsDueBy, recentPieceEntries, shopifyUserNames } from "../models/ledger.server";
import type { AdminContext } from "./admin-context.server";

const RECENT_LINES = 8;

export async function homeDay({ shop, locale }: AdminContext, now = new Date()) {
  const timeZone = shop.ianaTimezone;
  // A day's margin past the week: the rule counts the shop's calendar days, not hours.
  const [due, recent, names] = await Promise.all([
    consignmentsDueBy(shop.id, new Date(now.getTime() + (DUE_SOON_DAYS + 1) * DAY_MS)),
    recentPieceEntries(shop.id),
    shopifyUserNames(shop.id),
  ]);
  const dueBack = due
    .map((c) => ({
      pieceId: c.piece.id,
      title: c.piece.title,
      tagCode: c.piece.tagCode,
      consignor: c.consignor.name,
      dueAt: c.dueAt!.toISOString(),
      status: dueStatus(c.dueAt!, now, timeZone),
    }))
    .filter((c) => c.status !== "later");
  const titles = new Map(recent.pieces.map((p) => [p.id, p]));
  const byPiece = new Map<string, typeof recent.entries>();
  for (const entry of recent.entries) byPiece.set(entry.entityId, [...(byPiece.get(entry.entityId) ?? []), entry]);
  const activity = [...byPiece.entries()]
    .flatMap(([pieceId, entries]) => {
      const piece = titles.get(pieceId);
      if (!piece) return [];
      return ledgerLines(
        { audit: entries, movements: [], sales: recent.sales.filter((s) => s.pieceId === pieceId) },
        { locale, timeZone, currency: piece.currency, shopifyUserNames: names },
      ).map((line) => ({ ...line, pieceId, title: piece.title }));
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, RECENT_LINES);
  return { dueBack, activity };
}
