// The one i18n module: the current language (Vietnamese by default, the user's choice after
// login) and t(), which every component uses for every text it shows.
import { en, vi, type Key } from "./messages";
import type { Lang } from "./bindings";

const tables: Record<Lang, Record<Key, string>> = { vi, en };

export const locale = $state<{ lang: Lang }>({ lang: "vi" });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

/** The text for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  return translate(locale.lang, key, params);
}

export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}) {
  const text = tables[lang][key] ?? vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The label of a request field named in a validation error ("idNumber" → "Số CCCD"). */
export function fieldLabel(field: string): string {
  const key = `field.${field}` as Key;
  return key in vi ? t(key) : field;
}

export type { Key };
