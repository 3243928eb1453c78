// The console's language: Vietnamese by default, English on request, the choice kept in this
// browser's localStorage. t() gives every text the console shows.
import { en, vi, type Key } from "./messages";

export type Lang = "vi" | "en";

const STORAGE_KEY = "vonxa.console.lang";
const tables: Record<Lang, Record<Key, string>> = { vi, en };

function stored(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi"; // storage disabled: the default
  }
}

export const locale = $state<{ lang: Lang }>({ lang: stored() });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this page
  }
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

export function toggleLang(): void {
  setLang(locale.lang === "vi" ? "en" : "vi");
}

/** The text for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  return translate(locale.lang, key, params);
}

export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const text = tables[lang][key] ?? vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A label from a family of keys (`role.admin`), or the raw value when the family lacks it. */
export function labelOf(
  prefix: "role" | "scope" | "deviceRole" | "auditAction" | "auditDetail",
  value: string,
): string {
  const key = `${prefix}.${value}`;
  return key in vi ? t(key as Key) : value;
}

export type { Key };
