// What the sync indicator shows, from the shell's status (pure, unit-tested).
import type { SyncStatusInfo } from "./bindings";

export type IndicatorState = "unenrolled" | "update" | "syncing" | "offline" | "pending" | "synced";

export function indicatorState(s: SyncStatusInfo | null): IndicatorState {
  if (!s || !s.enrolled) return "unenrolled";
  if (s.needsUpdate) return "update";
  if (s.syncing) return "syncing";
  if (!s.online) return "offline";
  return s.pending > 0 ? "pending" : "synced";
}

/** Progress of the pass under way as [done, total] for a progress bar. */
export function progressOf(s: SyncStatusInfo): [number, number] {
  return [s.pushed + s.pulled, Math.max(s.toPush + s.pulled, 1)];
}
