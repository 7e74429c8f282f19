// French typography for every French message: a narrow no-break space (U+202F, "espace fine
// insécable") before ":" ";" "?" "!" and inside « ». One space for all of them, the one Intl's fr-FR
// number formatting also groups thousands with; the Imprimerie nationale's full space before ":"
// was not kept, so that one rule covers every mark. It never breaks a line, so "Refusé :" never
// leaves its colon alone at the start of a line.
export const FRENCH_SPACE = "\u202f";

// Left as they are: code in backticks, URLs, {placeholders} (their words are spaced by the text
// around them), times and ratios (12:30), and a mark that follows another (?!, !!).
const PROTECTED = /`[^`]*`|\b[a-z][a-z0-9+.-]*:\/\/[^\s"»]*|\{[^{}]*\}|\d[:;]\d/gi;

function spaceUnprotected(text: string): string {
  return (
    text
      .replace(/(?<=\S)[ \u00a0\u202f]*([:;?!])/g, (match, mark: string, offset: number, whole: string) =>
        /[:;?!]/.test(whole[offset - 1] ?? "") ? match : `${FRENCH_SPACE}${mark}`,
      )
      // A mark at the start of a piece of text follows a placeholder or code: it is spaced too.
      .replace(/^[ \u00a0]?([:;?!])/, `${FRENCH_SPACE}$1`)
      .replace(/«[ \u00a0\u202f]*/g, `«${FRENCH_SPACE}`)
      .replace(/[ \u00a0\u202f]*»/g, `${FRENCH_SPACE}»`)
  );
}

/** The text with French spacing; text already right comes back unchanged. */
export function frenchSpacing(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    const piece = text.slice(last, match.index);
    out += last === 0 && match.index === 0 ? "" : last === 0 ? spaceStart(piece) : spaceUnprotected(piece);
    out += match[0];
    last = match.index + match[0].length;
  }
  const rest = text.slice(last);
  return out + (last === 0 ? spaceStart(rest) : spaceUnprotected(rest));
}

/** At the very start of a message a mark has nothing before it to be spaced from. */
function spaceStart(piece: string): string {
  return /^[:;?!]/.test(piece) ? piece[0]! + spaceUnprotected(piece.slice(1)) : spaceUnprotected(piece);
}
