import { describe, expect, it } from "vitest";
import { clearDraft, loadDraft, saveDraft, type DraftStore } from "./drafts";

function memory(): DraftStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

describe("drafts", () => {
  it("keeps a form's values until saved or cancelled", () => {
    const s = memory();
    expect(loadDraft("person:new", s)).toBeNull();
    saveDraft("person:new", { fullName: "Đinh Thị Hoa" }, s);
    expect(loadDraft<{ fullName: string }>("person:new", s)?.fullName).toBe("Đinh Thị Hoa");
    clearDraft("person:new", s);
    expect(loadDraft("person:new", s)).toBeNull();
  });

  it("ignores a damaged draft", () => {
    const s = memory();
    s.setItem("vonxa.draft.x", "{not json");
    expect(loadDraft("x", s)).toBeNull();
  });
});
