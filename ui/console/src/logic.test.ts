import { describe, expect, it } from "vitest";
import {
  fold,
  formatBytes,
  formatCount,
  formatDateTime,
  isSilent,
  matchesFilter,
  parsePointCodes,
  scopeText,
  silentThreshold,
} from "./logic";

describe("fold", () => {
  it("drops Vietnamese diacritics and case, reads đ as d", () => {
    expect(fold("Đức Phổ")).toBe("duc pho");
    expect(fold("Nghĩa Hành")).toBe("nghia hanh");
    expect(fold("Phòng giao dịch Tư Nghĩa")).toBe("phong giao dich tu nghia");
    expect(fold("ĐẮK LẮK")).toBe("dak lak");
    expect(fold("Minh Long 51-21361-01")).toBe("minh long 51-21361-01");
  });
});

describe("fleet filter", () => {
  const d = { pointCodes: ["51-21361-01", "51-21361-02"], scopeLabel: "Xã Đức Phổ" };

  it("matches point codes and the scope label without diacritics", () => {
    expect(matchesFilter(d, "")).toBe(true);
    expect(matchesFilter(d, "  ")).toBe(true);
    expect(matchesFilter(d, "21361-02")).toBe(true);
    expect(matchesFilter(d, "duc pho")).toBe(true);
    expect(matchesFilter(d, "ĐỨC")).toBe(true);
    expect(matchesFilter(d, "xa duc")).toBe(true);
  });

  it("needs every word typed", () => {
    expect(matchesFilter(d, "duc long")).toBe(false);
    expect(matchesFilter(d, "51-99999")).toBe(false);
  });
});

describe("silent devices", () => {
  it("are those silent for more than the threshold", () => {
    expect(isSilent(8, 7)).toBe(true);
    expect(isSilent(7, 7)).toBe(false);
    expect(isSilent(0, 0)).toBe(false);
    expect(isSilent(1, 0)).toBe(true);
    expect(isSilent(null, 0)).toBe(false);
  });

  it("take the default threshold for what is not a number of days", () => {
    expect(silentThreshold(3)).toBe(3);
    expect(silentThreshold(0)).toBe(0);
    expect(silentThreshold("10")).toBe(10);
    expect(silentThreshold(null)).toBe(7);
    expect(silentThreshold(undefined)).toBe(7);
    expect(silentThreshold("")).toBe(7);
    expect(silentThreshold(-1)).toBe(7);
    expect(silentThreshold(Number.NaN)).toBe(7);
  });
});

describe("point codes as typed", () => {
  it("split on commas, trimmed, without empties or repeats", () => {
    expect(parsePointCodes("51-21361-01, 51-21361-02 ,,")).toEqual(["51-21361-01", "51-21361-02"]);
    expect(parsePointCodes("a;b\nc a")).toEqual(["a", "b", "c"]);
    expect(parsePointCodes("  ")).toEqual([]);
  });
});

describe("display formats", () => {
  it("shows sizes in KB and MB with a decimal comma", () => {
    expect(formatBytes(null)).toBe("");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1024)).toBe("1,0 KB");
    expect(formatBytes(1536)).toBe("1,5 KB");
    expect(formatBytes(2.5 * 1024 * 1024)).toBe("2,5 MB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1,0 MB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3,0 GB");
  });

  it("groups counts with dots", () => {
    expect(formatCount(null)).toBe("");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(12345)).toBe("12.345");
  });

  it("shows RFC 3339 times as dd/mm/yyyy hh:mm local time", () => {
    const at = new Date(2026, 0, 5, 7, 9);
    expect(formatDateTime(at.toISOString())).toBe("05/01/2026 07:09");
    const utc = "2026-11-05T23:30:00Z";
    const local = new Date(utc);
    const p = (n: number) => String(n).padStart(2, "0");
    expect(formatDateTime(utc)).toBe(
      `${p(local.getDate())}/${p(local.getMonth() + 1)}/${local.getFullYear()} ${p(local.getHours())}:${p(local.getMinutes())}`,
    );
    expect(formatDateTime(null)).toBe("");
    expect(formatDateTime("garbage")).toBe("");
  });

  it("names a scope by its label, else by its kind", () => {
    const kind = (k: string) => `kind:${k}`;
    expect(scopeText({ kind: "commune", id: "21361", label: "Xã Minh Long" }, kind)).toBe("Xã Minh Long");
    expect(scopeText({ kind: "province", id: null, label: "" }, kind)).toBe("kind:province");
  });
});

describe("rates", () => {
  it("reads a rate as typed, to 0.001 %, and writes it back", async () => {
    const { parseRatePpm, formatRate, rateOn } = await import("./logic");
    expect(parseRatePpm("6,24")).toBe(62_400);
    expect(parseRatePpm("7.488 %")).toBe(74_880);
    expect(parseRatePpm("6")).toBe(60_000);
    expect(parseRatePpm("6,2345")).toBeNull();
    expect(parseRatePpm("abc")).toBeNull();
    expect(formatRate(62_400)).toBe("6,24 %");
    expect(formatRate(74_880)).toBe("7,488 %");
    expect(formatRate(60_000)).toBe("6 %");
    const rows = [
      { effectiveFrom: "2025-12-01", ratePpm: 62_400 },
      { effectiveFrom: "2019-01-01", ratePpm: 66_000 },
    ];
    expect(rateOn(rows, "2025-11-30")).toBe(66_000);
    expect(rateOn(rows, "2025-12-01")).toBe(62_400);
    expect(rateOn(rows, "2018-01-01")).toBeNull();
  });
});
