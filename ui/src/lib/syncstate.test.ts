import { describe, expect, it } from "vitest";
import type { SyncStatusInfo } from "./bindings";
import { indicatorState, progressOf } from "./syncstate";

const base: SyncStatusInfo = {
  enrolled: true,
  online: true,
  syncing: false,
  lastSuccess: null,
  needsUpdate: false,
  toPush: 0,
  pushed: 0,
  pulled: 0,
  pending: 0,
  rejected: 0,
  conflicts: 0,
  lastPass: null,
};

describe("sync indicator", () => {
  it("tells not enrolled, please update, syncing, offline, pending and synced apart", () => {
    expect(indicatorState(null)).toBe("unenrolled");
    expect(indicatorState({ ...base, enrolled: false })).toBe("unenrolled");
    expect(indicatorState({ ...base, needsUpdate: true, online: false })).toBe("update");
    expect(indicatorState({ ...base, syncing: true, online: false })).toBe("syncing");
    expect(indicatorState({ ...base, online: false, pending: 3 })).toBe("offline");
    expect(indicatorState({ ...base, pending: 3 })).toBe("pending");
    expect(indicatorState(base)).toBe("synced");
  });

  it("counts pushed and pulled changes as progress", () => {
    expect(progressOf({ ...base, toPush: 10, pushed: 4, pulled: 6 })).toEqual([10, 16]);
    expect(progressOf(base)).toEqual([0, 1]);
  });
});
