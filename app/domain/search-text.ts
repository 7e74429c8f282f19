/**
 * What the pieces search compares. A title is stored a second time "folded" (lower case, without
 * accents or ligatures) so that both engines match "bague or jaune" against "Bague jaune en Or"
 * and "chevaliere" against "Chevalière" with a plain LIKE: SQLite's LIKE folds ASCII case only,
 * and PostgreSQL's needs an extension for accents.
 */
import { LABS } from "./certificates";

const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss", ø: "o" };

/** "Chevalière Œil-de-Tigre" -> "chevaliere oeil-de-tigre". */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[œæßø]/g, (c) => LIGATURES[c] ?? c)
    .replace(/\s+/g, " ")
    .trim();
}

/** The folded words of a search, each to be found somewhere in the title, in any order. */
export function searchWords(term: string): string[] {
  return [...new Set(foldForSearch(term).split(" ").filter(Boolean))];
}

export type CertificateNumberSearch = { number: string; lab?: string };

const LAB_PREFIX = new Map(LABS.filter((l) => l !== "other").map((lab) => [foldForSearch(lab).toUpperCase(), lab]));

/**
 * Certificate numbers a search may be the start of: as typed, without spaces, dots or dashes,
 * and without a lab's name in front ("GIA 2141438167", "gia2141438167": GIA's report 2141438167).
 */
export function certificateNumberSearches(term: string): CertificateNumberSearch[] {
  const typed = term.trim();
  const compact = typed.replace(/[\s.\-/]/g, "").toUpperCase();
  const found: CertificateNumberSearch[] = [{ number: typed }];
  if (compact && compact !== typed) found.push({ number: compact });
  const folded = foldForSearch(compact).toUpperCase();
  for (const [prefix, lab] of LAB_PREFIX) {
    if (folded.length > prefix.length && folded.startsWith(prefix))
      found.push({ number: folded.slice(prefix.length), lab });
  }
  return found.filter((f) => f.number !== "");
}
