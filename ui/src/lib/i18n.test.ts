import { describe, expect, it } from "vitest";
import { en, vi } from "./messages";
import { translate } from "./i18n.svelte";

describe("i18n", () => {
  it("has every key in both languages, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toBe("");
  });

  it("fills placeholders", () => {
    expect(translate("vi", "households.count", { n: 3 })).toBe("3 hộ");
    expect(translate("en", "households.count", { n: 3 })).toBe("3 households");
  });

  it("is Vietnamese by default for field names", () => {
    expect(translate("vi", "field.idNumber")).toBe("Số CCCD");
  });
});
