/**
 * A stone's name on a tag, in the tag's language, saying whether it is natural, lab-grown or an
 * imitation ("Diamant de synthèse", "Natural diamond", "Perle de culture"): the trade's words
 * (trade.stone.<type>.<origin>, the same the provenance page uses), else the type and origin labels.
 */
import { hasMessage, translate, type Locale } from "../../i18n";

export function tagStoneName(locale: Locale, type: string, origin: string): string {
  const key = `trade.stone.${type}.${origin}`;
  if (hasMessage(key)) return translate(locale, key);
  const word = (prefix: string, value: string) => {
    const k = `${prefix}.${value}`;
    return hasMessage(k) ? translate(locale, k) : value;
  };
  return `${word("stone", type)} ${word("origin", origin)}`;
}
