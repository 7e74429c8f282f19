/**
 * Accounting entries derived from the material ledger (permanent inventory, French chart of
 * accounts by default; every account is set in the materials settings). Each stock move gives
 * one balanced entry: the stock account moves by the change of stock value, the engine's
 * variance goes to the class's variation account, and the counterpart takes the rest.
 *
 * The counterparts follow the PCG in permanent inventory, as an expert-comptable books them
 * alongside Loupe's entries:
 * - a receipt is Dr 31x / Cr 603x (the accountant books the invoice 601 + 44566 / 401 himself; a
 *   401 here would double it). Crediting 401 instead is a setting agreed with the accountant
 *   (`supplierAccounts`), off by default; a return to the supplier is the reverse;
 * - raw materials (metal, stones) vary through 6031; goods for resale (investment gold, class 37)
 *   through 6037; work in progress through 7133; finished products through 71355;
 * - a transfer between two classes moves value from one stock account to the other in one
 *   entry, and posts nothing when both classes use the same account (no 580: that is cash);
 * - impairment goes to the allowance of the stock's own kind (391 materials, 393 work in
 *   progress, 395 finished products, 397 goods) and never into cost; stock is never revalued
 *   above historical cost: a "revalue" move exists only as a standard-cost change.
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
  "goodsVariation",
  "productionStored",
  "finishedVariation",
  "abnormalLoss",
  "impairmentExpense",
  "impairmentReversal",
  "allowanceMaterials",
  "allowanceWip",
  "allowanceFinished",
  "allowanceGoods",
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Plan comptable général defaults. */
export const DEFAULT_ACCOUNTS: Record<AccountRole, string> = {
  stockMetal: "311",
  stockInvestmentGold: "371",
  stockStones: "312",
  // Jewelry is made to order or in short runs: « produits en cours » (331), not « travaux » (335).
  wip: "331",
  finished: "355",
  supplier: "401",
  variance: "6031",
  goodsVariation: "6037",
  productionStored: "7133",
  // A made piece sold leaves finished goods through the variation of finished products (PCG
  // 71355, under 7135 « Variation des stocks de produits »): produced goods are « produits finis »,
  // whose change of stock corrects production sold on the revenue side, not 603x, which is for
  // purchased goods (marchandises, approvisionnements).
  finishedVariation: "71355",
  // Abnormal wastage is a charge of the period, never part of a stock's cost (PCG art. 213-32).
  abnormalLoss: "6588",
  impairmentExpense: "6817",
  impairmentReversal: "7817",
  allowanceMaterials: "391",
  allowanceWip: "393",
  allowanceFinished: "395",
  allowanceGoods: "397",
};

/**
 * CompteLib by account number, in French (the FEC is read by the French tax office): the PCG's
 * names, Loupe's own for the sub-accounts it proposes. A number the shop sets takes the label of
 * the longest known number it starts with, so one number always has one label, whichever role
 * uses it.
 */
const ACCOUNT_LABELS: Record<string, string> = {
  "31": "Matières premières (et fournitures)",
  "311": "Stocks de matières premières - métaux",
  "312": "Stocks de matières premières - pierres",
  "32": "Autres approvisionnements",
  "33": "En-cours de production de biens",
  "331": "Produits en cours",
  "335": "Travaux en cours",
  "34": "En-cours de production de services",
  "35": "Stocks de produits",
  "351": "Produits intermédiaires",
  "355": "Produits finis",
  "37": "Stocks de marchandises",
  "371": "Stocks de marchandises - or d'investissement",
  "39": "Dépréciations des stocks et en-cours",
  "391": "Dépréciations des matières premières (et fournitures)",
  "392": "Dépréciations des autres approvisionnements",
  "393": "Dépréciations des en-cours de production de biens",
  "395": "Dépréciations des stocks de produits",
  "397": "Dépréciations des stocks de marchandises",
  "401": "Fournisseurs",
  "408": "Fournisseurs - Factures non parvenues",
  "580": "Virements internes",
  "601": "Achats stockés - Matières premières (et fournitures)",
  "603": "Variations des stocks (approvisionnements et marchandises)",
  "6031": "Variation des stocks de matières premières (et fournitures)",
  "6032": "Variation des stocks des autres approvisionnements",
  "6037": "Variation des stocks de marchandises",
  "607": "Achats de marchandises",
  "658": "Charges diverses de gestion courante",
  "6588": "Charges diverses de gestion courante - pertes anormales de fabrication",
  "671": "Charges exceptionnelles sur opérations de gestion",
  "6718": "Autres charges exceptionnelles sur opérations de gestion",
  "681": "Dotations aux amortissements, dépréciations et provisions - Charges d'exploitation",
  "6817": "Dotations aux dépréciations des actifs circulants",
  "713": "Variation des stocks (en-cours de production, produits)",
  "7133": "Variation des en-cours de production de biens",
  "7134": "Variation des en-cours de production de services",
  "7135": "Variation des stocks de produits",
  "71355": "Variation des stocks de produits finis",
  "781": "Reprises sur amortissements, dépréciations et provisions",
  "7817": "Reprises sur dépréciations des actifs circulants",
};

export function accountLabel(number: string): string {
  for (let n = number.length; n >= 2; n--) {
    const label = ACCOUNT_LABELS[number.slice(0, n)];
    if (label) return label;
  }
  return `Compte ${number}`;
}

export type AccountMap = Record<AccountRole, string>;

/** Stored numbers by role (older settings named the 6031 role `variance` too), defaults for the rest. */
export function resolveAccounts(stored: Partial<Record<string, string>>): AccountMap {
  const map = {} as AccountMap;
  for (const role of ACCOUNT_ROLES) map[role] = stored[role] || DEFAULT_ACCOUNTS[role];
  return map;
}

/**
 * Which journal an entry belongs to: stock entries, purchases (receipts credited to suppliers, in
 * the supplier-account mode) and impairments. Each kind's code is a setting, all `STK` by default so
 * they never collide with the accountant's own ACH / OD on import.
 */
export type JournalKind = "stock" | "purchases" | "impairment";
export const JOURNAL_KINDS: readonly JournalKind[] = ["stock", "purchases", "impairment"];
export type JournalCodes = Record<JournalKind, string>;
export const DEFAULT_JOURNALS: JournalCodes = { stock: "STK", purchases: "STK", impairment: "STK" };
const JOURNAL_LIBS: Record<JournalKind, string> = {
  stock: "Écritures de stock (Loupe)",
  purchases: "Achats de matières (Loupe)",
  impairment: "Dépréciations des stocks (Loupe)",
};

/** JournalLib of a code: the first kind (stock, purchases, impairment) using it names it, so one code has one label. */
export function journalLabel(code: string, codes: JournalCodes): string {
  const kind = JOURNAL_KINDS.find((k) => codes[k] === code);
  return kind ? JOURNAL_LIBS[kind] : code;
}

/** `aux` / `auxLabel`: the supplier's auxiliary account and name (CompAuxNum / CompAuxLib), on a supplier line. */
export type EntryLine = { role: AccountRole; debitMinor: bigint; creditMinor: bigint; aux?: string; auxLabel?: string };
/**
 * `key` names what the entry stands for (a move, a close, a job cost…), stable across replays: a
 * validated entry is compared with the entry its source gives now by this key. `pieceRef` is the
 * piece's own reference when there is one (a tag code, an order); receipts take their supplier
 * document number when the entries are exported.
 */
export type Entry = {
  key: string;
  at: Date;
  recordedAt: Date;
  journal: JournalKind;
  ref: string;
  label: string;
  lines: EntryLine[];
  /** The receipt (or return to supplier) whose supplier document is the entry's PieceRef. */
  receiptMoveId?: string;
  /** The entry's calendar day when it stands for a day as typed (a period close), not an instant. */
  day?: string;
};

/** The accounts a class's stock, variation and impairment allowance use. */
export type ClassKind = { kind: string; investment: boolean };
export type ClassRoles = { stock: AccountRole; variation: AccountRole; allowance: AccountRole };

export function classRoles(cls: ClassKind): ClassRoles {
  if (cls.kind === "wip") return { stock: "wip", variation: "productionStored", allowance: "allowanceWip" };
  if (cls.kind === "finished")
    return { stock: "finished", variation: "finishedVariation", allowance: "allowanceFinished" };
  if (cls.kind === "metal" && cls.investment)
    return { stock: "stockInvestmentGold", variation: "goodsVariation", allowance: "allowanceGoods" };
  if (cls.kind === "metal") return { stock: "stockMetal", variation: "variance", allowance: "allowanceMaterials" };
  return { stock: "stockStones", variation: "variance", allowance: "allowanceMaterials" };
}

function signed(role: AccountRole, amount: bigint, aux?: string, auxLabel?: string): EntryLine | null {
  if (amount === 0n) return null;
  const named = { ...(aux ? { aux } : {}), ...(aux && auxLabel ? { auxLabel } : {}) };
  return amount > 0n
    ? { role, debitMinor: amount, creditMinor: 0n, ...named }
    : { role, debitMinor: 0n, creditMinor: -amount, ...named };
}

/** Adds the lines of one role together (a count gain's counterpart is the variation account itself). */
export function merge(lines: (EntryLine | null)[]): EntryLine[] {
  const byRole = new Map<string, bigint>();
  const aux = new Map<string, EntryLine>();
  for (const line of lines) {
    if (!line) continue;
    const key = `${line.role}|${line.aux ?? ""}`;
    byRole.set(key, (byRole.get(key) ?? 0n) + line.debitMinor - line.creditMinor);
    aux.set(key, line);
  }
  const out: EntryLine[] = [];
  for (const [key, amount] of byRole) {
    const named = aux.get(key)!;
    const line = signed(named.role, amount, named.aux, named.auxLabel);
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
  /** The supplier's auxiliary account (partners register), for the supplier-account mode. */
  supplierAccount?: string | null;
  supplierName?: string | null;
  /** A return names the move it returns (for a return to the supplier: the receipt). */
  ofMoveId?: string | null;
  label: string;
};

export type EntryOptions = { supplierAccounts: boolean };

/** The counterpart of a move's change of stock value. */
function counterpart(purpose: string, roles: ClassRoles, options: EntryOptions): AccountRole {
  switch (purpose) {
    case "receipt":
    case "return_supplier":
      return options.supplierAccounts ? "supplier" : roles.variation;
    case "issue_job":
    case "return_job":
    case "recovery":
      return "wip";
    default:
      // issue_sale, return_customer (raw materials sold as they are: 6031; goods: 6037), counts,
      // standard-cost changes, period closes.
      return roles.variation;
  }
}

/** The entry of one move (transfers excepted: see transferEntry) from the class's state before and after it. */
export function moveEntry(
  move: MoveForEntry,
  before: ValuationState,
  after: ValuationState,
  roles: ClassRoles,
  decimals: number,
  options: EntryOptions = { supplierAccounts: false },
): Entry | null {
  const delta = toMinor(after.value, decimals) - toMinor(before.value, decimals);
  const variance = toMinor(after.variance, decimals);
  const counterRole = counterpart(move.purpose, roles, options);
  const supplierLine = counterRole === "supplier";
  const lines = merge([
    signed(roles.stock, delta),
    signed(roles.variation, variance),
    signed(
      counterRole,
      -(delta + variance),
      supplierLine ? (move.supplierAccount ?? undefined) : undefined,
      supplierLine ? (move.supplierName ?? undefined) : undefined,
    ),
  ]);
  if (lines.length === 0) return null;
  const supplierSide = move.purpose === "receipt" || move.purpose === "return_supplier";
  return {
    key: `move:${move.id}`,
    at: move.effectiveAt,
    recordedAt: move.createdAt,
    journal: supplierSide && options.supplierAccounts ? "purchases" : "stock",
    ref: move.id,
    label: move.label,
    lines,
    ...(move.purpose === "receipt" ? { receiptMoveId: move.id } : {}),
    ...(move.purpose === "return_supplier" && move.ofMoveId ? { receiptMoveId: move.ofMoveId } : {}),
  };
}

export type TransferHalf = { before: ValuationState; after: ValuationState; roles: ClassRoles };

/**
 * Both halves of a transfer in one entry, keyed by its sending move: the receiving class's stock
 * account is debited with what it received, the sending one credited with what left it, a
 * standard-cost variance on either side goes to that class's variation account, and a rounding
 * difference to the sending class's. Two classes on the same account post nothing.
 */
export function transferEntry(
  move: MoveForEntry,
  sent: TransferHalf,
  received: TransferHalf | null,
  decimals: number,
): Entry | null {
  const half = (h: TransferHalf) => {
    const delta = toMinor(h.after.value, decimals) - toMinor(h.before.value, decimals);
    const variance = toMinor(h.after.variance, decimals);
    return { lines: [signed(h.roles.stock, delta), signed(h.roles.variation, variance)], sum: delta + variance };
  };
  const out = half(sent);
  const into = received ? half(received) : { lines: [], sum: 0n };
  const lines = merge([...out.lines, ...into.lines, signed(sent.roles.variation, -(out.sum + into.sum))]);
  if (lines.length === 0) return null;
  return {
    key: `move:${move.id}`,
    at: move.effectiveAt,
    recordedAt: move.createdAt,
    journal: "stock",
    ref: move.id,
    label: move.label,
    lines,
  };
}

/** Two lines: debit one role, credit another. */
export function simpleEntry(
  key: string,
  at: Date,
  recordedAt: Date,
  journal: JournalKind,
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
  return { key, at, recordedAt, journal, ref, label, lines };
}

/** Labour or overhead put into a job: work in progress against the variation of work in progress (7133). */
export function jobCostEntry(cost: {
  id: string;
  kind: string;
  effectiveAt: Date;
  createdAt: Date;
  amountMinor: bigint;
  jobNumber: string;
}): Entry | null {
  return simpleEntry(
    `jobcost:${cost.id}`,
    cost.effectiveAt,
    cost.createdAt,
    "stock",
    cost.jobNumber,
    `${cost.kind === "labour" ? "Main-d'œuvre" : "Frais indirects"} ${cost.jobNumber}`,
    "wip",
    "productionStored",
    cost.amountMinor,
  );
}

/**
 * A finished job: the piece enters finished goods at its cost, the metal lost beyond the normal
 * loss rate is expensed on its own line, and work in progress is relieved of both. `ref` is the
 * piece's tag code when it has one.
 */
export function finishEntry(
  key: string,
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
  return { key, at, recordedAt, journal: "stock", ref, label, lines };
}

export function isBalanced(entry: { lines: readonly { debitMinor: bigint; creditMinor: bigint }[] }): boolean {
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
 * `day` writes a date for the label (the shop's calendar day). The piece's tag code is its PieceRef.
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
  const key = `piecesale:${row.id}`;
  return row.kind === "return"
    ? simpleEntry(
        key,
        row.effectiveAt,
        row.createdAt,
        "stock",
        row.tagCode,
        label,
        "finished",
        "finishedVariation",
        row.costMinor,
      )
    : simpleEntry(
        key,
        row.effectiveAt,
        row.createdAt,
        "stock",
        row.tagCode,
        label,
        "finishedVariation",
        "finished",
        row.costMinor,
      );
}

/**
 * A write-down (Dr 6817 / Cr 39x) or its reversal (Dr 39x / Cr 7817), on the allowance of the
 * stock's kind; the stock account and its cost are never touched.
 */
export function impairmentEntry(imp: {
  id: string;
  kind: string; // writedown | reversal
  effectiveAt: Date;
  createdAt: Date;
  amountMinor: bigint;
  allowance: AccountRole;
  what: string;
  ref: string;
}): Entry | null {
  const key = `impairment:${imp.id}`;
  return imp.kind === "writedown"
    ? simpleEntry(
        key,
        imp.effectiveAt,
        imp.createdAt,
        "impairment",
        imp.ref,
        `Dépréciation ${imp.what}`,
        "impairmentExpense",
        imp.allowance,
        imp.amountMinor,
      )
    : simpleEntry(
        key,
        imp.effectiveAt,
        imp.createdAt,
        "impairment",
        imp.ref,
        `Reprise dépréciation ${imp.what}`,
        imp.allowance,
        "impairmentReversal",
        imp.amountMinor,
      );
}
