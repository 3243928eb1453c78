// Vietnamese display conventions: dates dd/mm/yyyy, money "1.500.000 đ".

/** ISO `YYYY-MM-DD` → `dd/mm/yyyy`; empty for no date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * What a person typed (`d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) → ISO. Anything else is
 * passed through unchanged so the Rust side reports it as an invalid format on that field.
 */
export function parseDate(input: string): string {
  const v = input.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (!m) return v;
  return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
}

/** Whole đồng with dots between thousands: 1500000 → "1.500.000 đ". */
export function formatMoney(dong: number): string {
  const sign = dong < 0 ? "-" : "";
  const digits = Math.abs(Math.trunc(dong)).toString();
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".")} đ`;
}

/** Today as ISO, in local time. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => n.toString().padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** An RFC 3339 time → `dd/mm/yyyy HH:mm` in local time; empty for none or garbage. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => n.toString().padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** An annual rate in parts per million, Vietnamese style, to the last significant digit (at
 * least two decimals): 66000 → "6,60 %", 74880 → "7,488 %", 79248 → "7,9248 %". */
export function formatRate(ppm: number): string {
  const digits = (ppm / 10000).toFixed(4).replace(/0{1,2}$/, "").replace(/(\.\d\d)0+$/, "$1");
  return `${digits.replace(".", ",")} %`;
}

/** Money as typed ("1.500.000", "1 500 000 đ", "1500000"): whole đồng, or null when it is
 * not a whole number. */
export function parseMoney(input: string): number | null {
  const digits = input.replace(/[.\s]|đ|d/gi, "");
  if (!/^-?\d+$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A typed amount of money, strictly: digits ("30000000") or digits grouped by dots in threes
 * ("30.000.000"), optionally followed by "đ". Empty is `0`; anything else (letters, a minus,
 * "3.00.000") is `null`, refused where it was typed.
 */
export function parseAmount(input: string): number | null {
  const v = input.trim().replace(/\s*đ$/i, "");
  if (v === "") return 0;
  if (!/^\d+$/.test(v) && !/^\d{1,3}(\.\d{3})+$/.test(v)) return null;
  const n = Number(v.replace(/\./g, ""));
  return Number.isSafeInteger(n) ? n : null;
}

/** `YYYY-MM` → `mm/yyyy`. */
export function formatMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${m[2]}/${m[1]}` : iso;
}

/** What a person typed for a month (`m/yyyy`, `mm-yyyy`) → `YYYY-MM`; anything else unchanged. */
export function parseMonth(input: string): string {
  const v = input.trim();
  const m = /^(\d{1,2})[/.-](\d{4})$/.exec(v);
  return m ? `${m[2]}-${m[1].padStart(2, "0")}` : v;
}
