// Puts French spacing (app/domain/i18n/french-typography.ts) into the French message files:
// `npm run i18n:french-spacing`. The unit test test/unit/i18n/french-messages.test.ts finds what is
// missing; this writes it, as a `\u202f` escape so the space shows in the source.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { frenchSpacing } from "../domain/i18n/french-typography";

const DIR = join(import.meta.dirname, "../i18n/messages");
const LITERAL = /"((?:[^"\\\n]|\\.)*)"/g;

let changed = 0;
for (const file of readdirSync(DIR).filter((f) => f.endsWith(".fr.ts"))) {
  const path = join(DIR, file);
  const source = readFileSync(path, "utf8");
  const next = source.replace(LITERAL, (literal, _body: string) => {
    const value = JSON.parse(literal) as string;
    const spaced = frenchSpacing(value);
    if (spaced === value) return literal;
    changed++;
    return JSON.stringify(spaced)
      .replace(/\u202f/g, "\\u202f")
      .replace(/\u00a0/g, "\\u00a0");
  });
  if (next !== source) writeFileSync(path, next);
}
console.log(`${changed} French message(s) spaced.`);
