import { describe, expect, it } from "vitest";
import type { PovertyCategory, ProgrammeInfo } from "./bindings";
import { programmeFor } from "./credit";

const p = (code: string, eligible: PovertyCategory[]): ProgrammeInfo => ({
  code, nameVi: code, nameEn: code, ceiling: 100_000_000, ceilingPer: "household",
  maxTermMonths: 120, viaGroup: true, purposes: [], eligible,
});
const table = [p("HN", ["poor"]), p("HCN", ["near_poor"]), p("HMTN", ["newly_escaped"]), p("HSSV", ["poor", "near_poor", "average_living", "other"]), p("NSVSMT", [])];

describe("the 01/TD's programme", () => {
  it("is the one made for the household's category", () => {
    expect(programmeFor("poor", table)).toBe("HN");
    expect(programmeFor("near_poor", table)).toBe("HCN");
    expect(programmeFor("newly_escaped", table)).toBe("HMTN");
  });
  it("is the first programme for any other household", () => {
    expect(programmeFor("average_living", table)).toBe("HN");
    expect(programmeFor(undefined, table)).toBe("HN");
  });
});
