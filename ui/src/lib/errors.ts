// Splitting a command's error into messages under fields and a summary naming each field.
import type { IpcError } from "./bindings";
import { asIpcError } from "./ipc";

export interface FormErrors {
  /** Message per request field (camelCase), shown under the field. */
  fields: Record<string, string>;
  /** A message not tied to a field. */
  general: string | null;
}

export const noErrors = (): FormErrors => ({ fields: {}, general: null });

export function toFormErrors(e: unknown): FormErrors {
  const err: IpcError = asIpcError(e);
  if (err.kind === "validation") {
    // Every problem of the form at once: the first, then the others, one per field.
    const fields: Record<string, string> = { [err.field]: err.message };
    for (const m of err.more ?? []) fields[m.field] ??= m.message;
    return { fields, general: null };
  }
  return { fields: {}, general: err.message };
}
