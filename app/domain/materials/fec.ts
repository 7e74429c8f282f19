/**
 * The French accounting entries file (FEC, article A47 A-1 of the Livre des procédures
 * fiscales): the 18 mandatory columns in their legal order, tab-separated, a header line of the
 * column names, dates as YYYYMMDD, amounts with a decimal comma and no thousands separator,
 * CRLF line ends, named <SIREN>FEC<closing date YYYYMMDD>.txt, and written in one of the
 * character sets the article allows (ASCII, ISO 8859-15 or EBCDIC; not UTF-8): ISO 8859-15 here.
 */
export const FEC_COLUMNS = [
  "JournalCode",
  "JournalLib",
  "EcritureNum",
  "EcritureDate",
  "CompteNum",
  "CompteLib",
  "CompAuxNum",
  "CompAuxLib",
  "PieceRef",
  "PieceDate",
  "EcritureLib",
  "Debit",
  "Credit",
  "EcritureLet",
  "DateLet",
  "ValidDate",
  "Montantdevise",
  "Idevise",
] as const;

export type FecLine = {
  journalCode: string;
  journalLib: string;
  ecritureNum: string;
  ecritureDate: string; // YYYYMMDD
  compteNum: string;
  compteLib: string;
  compAuxNum?: string;
  compAuxLib?: string;
  pieceRef: string;
  pieceDate: string; // YYYYMMDD
  ecritureLib: string;
  debitMinor: bigint;
  creditMinor: bigint;
  validDate: string; // YYYYMMDD
};

/** The calendar date of an instant in a time zone, as YYYYMMDD. */
export function fecDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}${get("month")}${get("day")}`;
}

/** 123456n with 2 decimals -> "1234,56"; 0n -> "0,00"; JPY 1250n -> "1250". */
export function fecAmount(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, "0");
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return (negative ? "-" : "") + int + (decimals > 0 ? `,${frac}` : "");
}

/** A field must not carry the separator or a line break. */
function clean(text: string | undefined): string {
  return (text ?? "").replace(/[\t\r\n]+/g, " ").trim();
}

export function fecFileName(siren: string, closingDate: string): string {
  if (!/^\d{9}$/.test(siren)) throw new RangeError(`A SIREN has 9 digits, got "${siren}"`);
  if (!/^\d{8}$/.test(closingDate)) throw new RangeError(`The closing date is YYYYMMDD, got "${closingDate}"`);
  return `${siren}FEC${closingDate}.txt`;
}

export function formatFec(lines: readonly FecLine[], currencyDecimals: number): string {
  const rows = [FEC_COLUMNS.join("\t")];
  for (const line of lines) {
    rows.push(
      [
        clean(line.journalCode),
        clean(line.journalLib),
        clean(line.ecritureNum),
        line.ecritureDate,
        clean(line.compteNum),
        clean(line.compteLib),
        clean(line.compAuxNum),
        clean(line.compAuxLib),
        clean(line.pieceRef) || "SANS_PIECE_REF",
        line.pieceDate,
        clean(line.ecritureLib),
        fecAmount(line.debitMinor, currencyDecimals),
        fecAmount(line.creditMinor, currencyDecimals),
        "",
        "",
        line.validDate,
        "",
        "",
      ].join("\t"),
    );
  }
  return rows.join("\r\n") + "\r\n";
}

/** Luhn check of a SIREN (the INSEE key). */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(siren[8 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Where ISO 8859-15 differs from ISO 8859-1: these eight code points hold other characters. */
const LATIN9_SPECIAL: Record<string, number> = {
  "€": 0xa4,
  Š: 0xa6,
  š: 0xa8,
  Ž: 0xb4,
  ž: 0xb8,
  Œ: 0xbc,
  œ: 0xbd,
  Ÿ: 0xbe,
};
const LATIN9_TAKEN = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);
/** Typography a label may carry that ISO 8859-15 lacks, written the plain way. */
const PLAIN: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u202f": " ",
  "\u2009": " ",
};

/**
 * A FEC file's text as ISO 8859-15 bytes. Typographic quotes, dashes and spaces become their plain
 * forms; an accent the set lacks is dropped from its letter (NFD); anything else becomes "?".
 */
export function encodeLatin9(text: string): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  const put = (char: string): boolean => {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (LATIN9_SPECIAL[char] !== undefined) bytes.push(LATIN9_SPECIAL[char]!);
    else if (code >= 0xa0 && code <= 0xff && !LATIN9_TAKEN.has(code)) bytes.push(code);
    else return false;
    return true;
  };
  for (const char of text) {
    if (put(char)) continue;
    const plain = PLAIN[char];
    if (plain !== undefined) {
      for (const c of plain) put(c);
      continue;
    }
    const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (base && base !== char && [...base].every((c) => put(c))) continue;
    bytes.push(0x3f);
  }
  return new Uint8Array(bytes);
}

/**
 * What a FEC file breaks of the rules Loupe's files must keep (empty when none), read back from
 * its text: the 18 columns in order; every entry balanced, on one date, journal and piece; numbers
 * continuous per journal code from 1 in a whole fiscal year's file
 * (`wholeYear`; a month's file takes the year's numbers, with the other months' gaps); each journal code with one JournalLib and each account with one CompteLib; dates inside
 * the range and validated on or after their entry's date; a PieceRef on every line; amounts with
 * a decimal comma, one side only; no suspense (580) account; no supplier account (401) unless
 * `supplierAccounts`.
 */
export function fecProblems(
  text: string,
  options: { from: string; to: string; supplierAccounts?: boolean; wholeYear?: boolean },
): string[] {
  const problems: string[] = [];
  const rows = text.split("\r\n");
  if (rows.at(-1) !== "") problems.push("the file does not end with CRLF");
  if (rows[0] !== FEC_COLUMNS.join("\t")) problems.push("the header is not the 18 columns in order");
  const from = options.from.replace(/-/g, "");
  const to = options.to.replace(/-/g, "");
  const journalLib = new Map<string, string>();
  const compteLib = new Map<string, string>();
  const entries = new Map<string, { sum: bigint; date: string; journal: string; piece: string }>();
  const lastRank = new Map<string, number>();
  const amount = /^\d+(,\d+)?$/;
  const toMinor = (v: string) => BigInt(v.replace(",", ""));
  for (const [i, row] of rows.slice(1, -1).entries()) {
    const at = `line ${i + 2}`;
    const f = row.split("\t");
    if (f.length !== 18) {
      problems.push(`${at}: ${f.length} columns`);
      continue;
    }
    const [code, lib, num, date, account, accountLib, , , pieceRef, pieceDate, , debit, credit] = f as string[];
    const validDate = f[15]!;
    if (journalLib.has(code!) && journalLib.get(code!) !== lib) problems.push(`${at}: journal ${code} has two labels`);
    journalLib.set(code!, lib!);
    if (compteLib.has(account!) && compteLib.get(account!) !== accountLib)
      problems.push(`${at}: account ${account} has two labels`);
    compteLib.set(account!, accountLib!);
    if (!/^\d{8}$/.test(date!) || date! < from || date! > to)
      problems.push(`${at}: date ${date} outside ${from}-${to}`);
    if (!/^\d{8}$/.test(validDate) || validDate < date!) problems.push(`${at}: validated ${validDate} before ${date}`);
    if (!/^\d{8}$/.test(pieceDate!)) problems.push(`${at}: no PieceDate`);
    if (!pieceRef) problems.push(`${at}: no PieceRef`);
    if (!amount.test(debit!) || !amount.test(credit!)) problems.push(`${at}: amounts ${debit} / ${credit}`);
    else if ((toMinor(debit!) === 0n) === (toMinor(credit!) === 0n))
      problems.push(`${at}: debit and credit both set or both zero`);
    if (account!.startsWith("580")) problems.push(`${at}: internal transfer account ${account}`);
    if (account!.startsWith("401") && !options.supplierAccounts) problems.push(`${at}: supplier account ${account}`);
    const entry = entries.get(num!);
    if (!entry) {
      const rank = Number(/(\d+)$/.exec(num!)?.[1] ?? NaN);
      const previous = lastRank.get(code!) ?? (options.wholeYear ? 0 : rank - 1);
      if (options.wholeYear ? rank !== previous + 1 : !(rank > previous))
        problems.push(`${at}: ${num} follows ${code} number ${previous}`);
      lastRank.set(code!, rank);
      entries.set(num!, { sum: 0n, date: date!, journal: code!, piece: pieceRef! });
    } else if (entry.date !== date || entry.journal !== code || entry.piece !== pieceRef) {
      problems.push(`${at}: entry ${num} mixes dates, journals or pieces`);
    }
    if (amount.test(debit!) && amount.test(credit!)) entries.get(num!)!.sum += toMinor(debit!) - toMinor(credit!);
  }
  for (const [num, entry] of entries) if (entry.sum !== 0n) problems.push(`entry ${num} is not balanced`);
  return problems;
}
