import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatMonth, formatRate, parseAmount, parseDate, parseMoney, parseMonth, todayIso } from "./format";

describe("Vietnamese formats", () => {
  it("shows dates as dd/mm/yyyy", () => {
    expect(formatDate("2026-11-05")).toBe("05/11/2026");
    expect(formatDate(null)).toBe("");
  });

  it("reads what people type back into ISO dates", () => {
    expect(parseDate("5/11/2026")).toBe("2026-11-05");
    expect(parseDate(" 05-11-2026 ")).toBe("2026-11-05");
    expect(parseDate("05.11.2026")).toBe("2026-11-05");
    expect(parseDate("2026-11-05")).toBe("2026-11-05");
    expect(parseDate("hôm qua")).toBe("hôm qua");
  });

  it("shows money with dots and đ", () => {
    expect(formatMoney(1_500_000)).toBe("1.500.000 đ");
    expect(formatMoney(0)).toBe("0 đ");
    expect(formatRate(66000)).toBe("6,60 %");
    expect(formatRate(62400)).toBe("6,24 %");
    expect(formatRate(74880)).toBe("7,488 %");
    expect(formatRate(79248)).toBe("7,9248 %");
    expect(parseMoney("1.500.000")).toBe(1_500_000);
    expect(parseMoney("1 500 000 đ")).toBe(1_500_000);
    expect(parseMoney(formatMoney(30_000_000))).toBe(30_000_000);
    expect(parseMoney("1,5")).toBeNull();
    expect(parseMoney("")).toBeNull();
    expect(formatRate(120000)).toBe("12,00 %");
    expect(formatMoney(-10_000)).toBe("-10.000 đ");
    expect(formatMoney(999)).toBe("999 đ");
  });

  it("gives today in local time", () => {
    expect(todayIso(new Date(2026, 0, 9))).toBe("2026-01-09");
  });

  it("shows sync times as dd/mm/yyyy HH:mm in local time", () => {
    const at = new Date(2026, 10, 5, 7, 9);
    expect(formatDateTime(at.toISOString())).toBe("05/11/2026 07:09");
    expect(formatDateTime(null)).toBe("");
    expect(formatDateTime("not a time")).toBe("");
  });
  it("shows and reads months as mm/yyyy", () => {
    expect(formatMonth("2026-11")).toBe("11/2026");
    expect(formatMonth("2026-02-01")).toBe("02/2026");
    expect(parseMonth("11/2026")).toBe("2026-11");
    expect(parseMonth("2-2027")).toBe("2027-02");
    expect(parseMonth("tháng 11")).toBe("tháng 11");
  });
});

describe("parseAmount", () => {
  it("takes digits, or digits grouped by dots in threes", () => {
    expect(parseAmount("30.000.000")).toBe(30_000_000);
    expect(parseAmount("30000000")).toBe(30_000_000);
    expect(parseAmount(" 50.000 đ")).toBe(50_000);
    expect(parseAmount("")).toBe(0);
  });
  it("refuses anything else", () => {
    for (const bad of ["abc", "-5.000", "3.00.000", "1,5", "12a", "5.0000", ".000"]) expect(parseAmount(bad), bad).toBeNull();
  });
});
