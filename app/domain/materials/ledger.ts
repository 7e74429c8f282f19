/**
 * Accounting entries derived from the material ledger (perpetual inventory, French chart of
 * accounts by default; every account is set in the materials settings). Each stock move gives
 * one balanced entry: the stock account moves by the change of stock value, the engine's
 * variance goes to the variance account, and the counterpart (supplier, work in progress, cost
 * of sales, transfers) takes the rest.
 */
import type { ValuationState } from "../valuation/index";
import { toMinor } from "./replay";

export const ACCOUNT_ROLES = [
  "stockMetal",
  "stockInvestmentGold",
  "stockStones",
  "wip",
  "finished",
  "supplier",
  "variance",
  "costOfSales",
  "productionStored",
  "finishedVariation",
  "abnormalLoss",
  "transfer",
  "impairmentExpense",
  "impairmentReversal",
  "allowanceMaterials",
  "allowanceFinished",
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Plan comptable général defaults; CompteLib in French, as the FEC is read by the French tax office. */
export const DEFAULT_ACCOUNTS: Record<AccountRole, { number: string; label: string }> = {
  stockMetal: { number: "311", label: "Stocks de matières premières - métaux" },
  stockInvestmentGold: { number: "371", label: "Stocks de marchandises - or d'investissement" },
  stockStones: { number: "312", label: "Stocks de matières premières - pierres" },
  wip: { number: "335", label: "En-cours de production de biens" },
  finished: { number: "355", label: "Stocks de produits finis" },
  supplier: { number: "401", label: "Fournisseurs" },
  variance: { number: "6031", label: "Variation des stocks de matières premières" },
  costOfSales: { number: "6037", label: "Variation des stocks de marchandises" },
  productionStored: { number: "7135", label: "Variation des stocks de produits" },
  // A made piece sold leaves finished goods through the variation of finished products (PCG
  // 71355, under 7135 « Variation des stocks de produits »): produced goods are « produits finis »,
  // whose change of stock corrects production sold on the revenue side, not 603x, which is for
  // purchased goods (marchandises, approvisionnements).
  finishedVariation: { number: "71355", label: "Variation des stocks de produits finis" },
  // Abnormal wastage is a charge of the period, never part of a stock's cost (PCG art. 213-32).
  abnormalLoss: { number: "6588", label: "Charges diverses de gestion courante - pertes anormales de fabrication" },
  transfer: { number: "580", label: "Virements internes" },
  impairmentExpense: { number: "6817", label: "Dotations aux dépréciations des actifs circulants" },
  impairmentReversal: { number: "7817", label: "Reprises sur dépréciations des actifs circulants" },
  allowanceMaterials: { number: "391", label: "Dépréciations des matières premières" },
  allowanceFinished: { number: "395", label: "Dépréciations des stocks de produits" },
};

export type AccountMap = Record<AccountRole, string>;

export function resolveAccounts(stored: Partial<Record<string, string>>): AccountMap {
  const map = {} as AccountMap;
  for (const role of ACCOUNT_ROLES) map[role] = stored[role] || DEFAULT_ACCOUNTS[role].number;
  return map;
}

export type Journal = "ACH" | "STK" | "OD";
export const JOURNAL_LABELS: Record<Journal, string> = { ACH: "Achats", STK: "Stocks", OD: "Opérations diverses" };

export type EntryLine = { role: AccountRole; debitMinor: bigint; creditMinor: bigint; aux?: string };
export type Entry = { at: Date; recordedAt: Date; journal: Journal; ref: string; label: string; lines: EntryLine[] };

const COUNTER: Record<string, AccountRole> = {
  receipt: "supplier",
  return_supplier: "supplier",
  issue_job: "wip",
  return_job: "wip",
  recovery: "wip",
  issue_sale: "costOfSales",
  return_customer: "costOfSales",
  transfer_out: "transfer",
  transfer_in: "transfer",
  count_gain: "variance",
  count_loss: "variance",
  revalue: "variance",
};

function signed(role: AccountRole, amount: bigint, aux?: string): EntryLine | null {
  if (amount === 0n) return null;
  return amount > 0n
    ? { role, debitMinor: amount, creditMinor: 0n, aux }
    : { role, debitMinor: 0n, creditMinor: -amount, aux };
}

/** Adds the lines of one role together (a count gain's counterpart is the variance account itself). */
function merge(lines: (EntryLine | null)[]): EntryLine[] {
  const byRole = new Map<string, bigint>();
  const aux = new Map<string, string | undefined>();
  for (const line of lines) {
    if (!line) continue;
    const key = `${line.role}|${line.aux ?? ""}`;
    byRole.set(key, (byRole.get(key) ?? 0n) + line.debitMinor - line.creditMinor);
    aux.set(key, line.aux);
  }
  const out: EntryLine[] = [];
  for (const [key, amount] of byRole) {
    const line = signed(key.split("|")[0] as AccountRole, amount, aux.get(key));
    if (line) out.push(line);
  }
  // Debits first, then credits: the order accountants read.
  return out.sort((a, b) => Number(b.debitMinor > 0n) - Number(a.debitMinor > 0n));
}

export type MoveForEntry = {
  id: string;
  purpose: string;
  effectiveAt: Date;
  createdAt: Date;
  supplier?: string | null;
  label: string;
};

export function moveEntry(
  move: MoveForEntry,
  before: ValuationState,
  after: ValuationState,
  stockRole: AccountRole,
  decimals: number,
): Entry | null {
  const delta = toMinor(after.value, decimals) - toMinor(before.value, decimals);
  const variance = toMinor(after.variance, decimals);
  const counterRole = COUNTER[move.purpose] ?? "variance";
  const aux = counterRole === "supplier" ? (move.supplier ?? undefined) : undefined;
  const lines = merge([
    signed(stockRole, delta),
    signed("variance", variance),
    signed(counterRole, -(delta + variance), aux),
  ]);
  if (lines.length === 0) return null;
  return {
    at: move.effectiveAt,
    recordedAt: move.createdAt,
    journal: move.purpose === "receipt" || move.purpose === "return_supplier" ? "ACH" : "STK",
    ref: move.id,
    label: move.label,
    lines,
  };
}

/** Two lines: debit one role, credit another. */
export function simpleEntry(
  at: Date,
  recordedAt: Date,
  journal: Journal,
  ref: string,
  label: string,
  debit: AccountRole,
  credit: AccountRole,
  amount: bigint,
): Entry | null {
  if (amount === 0n) return null;
  const lines =
    amount > 0n
      ? [
          { role: debit, debitMinor: amount, creditMinor: 0n },
          { role: credit, debitMinor: 0n, creditMinor: amount },
        ]
      : [
          { role: credit, debitMinor: -amount, creditMinor: 0n },
          { role: debit, debitMinor: 0n, creditMinor: -amount },
        ];
  return { at, recordedAt, journal, ref, label, lines };
}

/**
 * A finished job: the piece enters finished goods at its cost, the metal lost beyond the normal
 * loss rate is expensed on its own line, and work in progress is relieved of both.
 */
export function finishEntry(
  at: Date,
  recordedAt: Date,
  ref: string,
  label: string,
  pieceCostMinor: bigint,
  abnormalLossMinor: bigint,
): Entry | null {
  const lines = merge([
    signed("finished", pieceCostMinor),
    signed("abnormalLoss", abnormalLossMinor),
    signed("wip", -(pieceCostMinor + abnormalLossMinor)),
  ]);
  if (lines.length === 0) return null;
  return { at, recordedAt, journal: "STK", ref, label, lines };
}

export function isBalanced(entry: Entry): boolean {
  let sum = 0n;
  for (const line of entry.lines) sum += line.debitMinor - line.creditMinor;
  return sum === 0n;
}

export type FinishedSaleForEntry = {
  id: string;
  kind: string; // sale | return
  effectiveAt: Date;
  createdAt: Date;
  costMinor: bigint;
  tagCode: string;
  orderName: string | null;
  jobNumber: string;
  /** The event's own date when it fell in a closed period and was booked on the first open day. */
  deferredFrom: Date | null;
};

/**
 * A made piece sold leaves finished goods at its carrying cost (debit the variation of finished
 * products, credit finished goods); a cancellation or a refund with restock brings it back with the
 * opposite entry, on its own date. The sale's revenue is the sales journal's, not this ledger's.
 * `day` writes a date for the label (the shop's calendar day).
 */
export function finishedSaleEntry(row: FinishedSaleForEntry, day: (at: Date) => string): Entry | null {
  const order = row.orderName ? ` ${row.orderName}` : "";
  const base =
    row.kind === "return"
      ? `Retour en stock produit fini ${row.tagCode} (${row.jobNumber}) commande${order} annulée ou remboursée`
      : `Sortie de stock produit fini ${row.tagCode} (${row.jobNumber}) vendu commande${order}`;
  const label = row.deferredFrom
    ? `${base} - du ${day(row.deferredFrom)}, période close: comptabilisé au ${day(row.effectiveAt)}`
    : base;
  const ref = `${row.orderName ?? "vente"}/${row.tagCode}`;
  return row.kind === "return"
    ? simpleEntry(row.effectiveAt, row.createdAt, "STK", ref, label, "finished", "finishedVariation", row.costMinor)
    : simpleEntry(row.effectiveAt, row.createdAt, "STK", ref, label, "finishedVariation", "finished", row.costMinor);
}
