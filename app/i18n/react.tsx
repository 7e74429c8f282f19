import { createContext, useContext, useMemo, type ReactNode } from "react";
import { translate, type Locale, type MessageKey } from "./index";

type I18n = { locale: Locale; t: (key: MessageKey, vars?: Record<string, string | number>) => string };

const I18nContext = createContext<I18n>({ locale: "en", t: (key, vars) => translate("en", key, vars) });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo<I18n>(() => ({ locale, t: (key, vars) => translate(locale, key, vars) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
