// The sync indicator's state: the shell's `sync-status` events while a session is open, and
// the browser's idea of the network (a return online asks for a sync at once).
import { api, onSyncApplied, onSyncStatus, type SyncStatusInfo } from "./ipc";

export const sync = $state<{ status: SyncStatusInfo | null; applied: number }>({
  status: null,
  applied: 0,
});

/** Follow the sync task; returns the function that stops following. */
export function watchSync(): () => void {
  let stopped = false;
  const offs: (() => void)[] = [];
  const keep = (p: Promise<() => void>) =>
    p.then((off) => (stopped ? off() : offs.push(off))).catch(() => {});
  keep(onSyncStatus((s) => (sync.status = s)));
  keep(onSyncApplied(() => (sync.applied += 1)));
  api.syncStatus().then((s) => {
    if (!stopped && !sync.status) sync.status = s;
  }, () => {});
  const online = () => void api.syncNow().catch(() => {});
  window.addEventListener("online", online);
  return () => {
    stopped = true;
    offs.forEach((off) => off());
    window.removeEventListener("online", online);
    sync.status = null;
  };
}

/** "Đồng bộ ngay". */
export function syncNow(): void {
  api.syncNow().catch(() => {});
}
