// Drafts of forms being edited, kept in localStorage so closing the window loses nothing.
// A draft is keyed by form and record ("person:new:<household>") and removed on save or cancel.

const PREFIX = "vonxa.draft.";

export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function store(): DraftStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft<T extends object>(key: string, s: DraftStore | null = store()): T | null {
  const raw = s?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: object, s: DraftStore | null = store()): void {
  s?.setItem(PREFIX + key, JSON.stringify(value));
}

export function clearDraft(key: string, s: DraftStore | null = store()): void {
  s?.removeItem(PREFIX + key);
}
