import { describe, expect, it } from "vitest";
import { en, vi } from "./messages";
import { translate } from "./i18n.svelte";
import { CONSOLE_ROLES, DEVICE_ROLES, SCOPE_KINDS } from "./types";

describe("console i18n", () => {
  it("has every key in both languages, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toBe("");
    for (const [k, v] of Object.entries(vi)) expect(v, k).not.toBe("");
  });

  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(vi) as (keyof typeof vi)[]) expect(names(en[k]), k).toEqual(names(vi[k]));
  });

  it("labels every role and scope kind", () => {
    for (const r of CONSOLE_ROLES) expect(`role.${r}` in vi, r).toBe(true);
    for (const r of DEVICE_ROLES) expect(`deviceRole.${r}` in vi, r).toBe(true);
    for (const k of SCOPE_KINDS) expect(`scope.${k}` in vi, k).toBe(true);
    expect(translate("vi", "role.admin")).toBe("Quản trị viên tỉnh");
    expect(translate("vi", "scope.province")).toBe("Toàn tỉnh");
  });

  it("fills placeholders", () => {
    expect(translate("vi", "fleet.silent", { n: 9 })).toBe("Im lặng 9 ngày");
    expect(translate("en", "fleet.silent", { n: 9 })).toBe("Silent for 9 days");
    expect(translate("vi", "error.forbidden")).toBe("Không có quyền truy cập");
  });
});
