// The console's pure rules: filtering, the silent-device flag, display formats.
import type { DeviceRow, Scope } from "./types";
export { formatDateTime } from "../../src/lib/format";

/**
 * Text folded for searching: lower case, Vietnamese diacritics removed and đ read as d, so
 * "duc pho" finds "Đức Phổ".
 */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/** Whether a device matches what was typed in the filter: every word, in its point codes or
 * scope label, diacritics and case ignored. An empty filter matches all. */
export function matchesFilter(device: Pick<DeviceRow, "pointCodes" | "scopeLabel">, query: string): boolean {
  const words = fold(query).split(/\s+/).filter((w) => w !== "");
  const haystack = fold([...device.pointCodes, device.scopeLabel].join(" "));
  return words.every((w) => haystack.includes(w));
}

export const DEFAULT_SILENT_DAYS = 7;

/** The threshold typed in the "silent days" box; the default for anything not a number ≥ 0. */
export function silentThreshold(raw: unknown): number {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_SILENT_DAYS;
}

/** A device is flagged silent when it has not been heard from for more than `threshold` days.
 * A device with no count (`null`) is not flagged. */
export function isSilent(silentDays: number | null, threshold: number): boolean {
  return silentDays !== null && silentDays > threshold;
}

/** Point codes as typed: separated by commas (or semicolons, spaces, new lines), trimmed,
 * without empties or repeats, in the order typed. */
export function parsePointCodes(input: string): string[] {
  const codes = input.split(/[,;\s]+/).filter((c) => c !== "");
  return [...new Set(codes)];
}

const UNITS = ["KB", "MB", "GB", "TB"];

/** A size in bytes, Vietnamese style: 1536 → "1,5 KB", 2621440 → "2,5 MB"; empty for none. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${Math.trunc(bytes)} B`;
  let v = bytes / 1024;
  let i = 0;
  while (i < UNITS.length - 1 && Number(v.toFixed(1)) >= 1024) {
    v /= 1024;
    i += 1;
  }
  const [whole, tenth] = v.toFixed(1).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${tenth} ${UNITS[i]}`;
}

/** Whole numbers with dots between thousands: 12345 → "12.345". */
export function formatCount(n: number | null): string {
  return n === null ? "" : Math.trunc(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** How a scope reads: the server's label, or the kind's name (`kindLabel`) when it has none. */
export function scopeText(scope: Scope, kindLabel: (kind: Scope["kind"]) => string): string {
  return scope.label.trim() !== "" ? scope.label : kindLabel(scope.kind);
}

/** A yearly rate as typed ("6,24", "7.488", "6,240 %") in millionths (62,400); null when not a
 * number with at most three decimals. */
export function parseRatePpm(input: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d{1,3}))?\s*%?\s*$/.exec(input);
  if (!m) return null;
  const decimals = (m[2] ?? "").padEnd(3, "0");
  return Number(m[1]) * 10_000 + Number(decimals) * 10;
}

/** Millionths a year as Vietnamese write a rate: 62,400 → "6,24 %", 74,880 → "7,488 %". */
export function formatRate(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const frac = String(Math.round((ppm % 10_000) / 10)).padStart(3, "0").replace(/0+$/, "");
  return `${whole}${frac ? `,${frac}` : ""} %`;
}

/** The rate of the latest row in force on `iso` (rows of one programme). */
export function rateOn(rows: readonly { effectiveFrom: string; ratePpm: number | null }[], iso: string): number | null {
  let best: { effectiveFrom: string; ratePpm: number | null } | null = null;
  for (const r of rows) {
    if (r.effectiveFrom <= iso && (best === null || r.effectiveFrom > best.effectiveFrom)) best = r;
  }
  return best?.ratePpm ?? null;
}
