// What a failed request means for a form or a page: messages under named fields, one message
// for the rest, or the fixed "access denied" notice for a 403.
import { ApiError } from "./api";

export interface Problem {
  /** Message per request field (camelCase), shown next to that field. */
  fields: Record<string, string>;
  /** A message not tied to a field shown on this form. */
  general: string | null;
  /** The server said 403: shown as the one "access denied" notice. */
  forbidden: boolean;
}

export const noProblem = (): Problem => ({ fields: {}, general: null, forbidden: false });

/**
 * The problem for an error thrown by the API. A field error lands under its field only when the
 * form has that field (`fields`); otherwise its message is the general one, never lost.
 */
export function toProblem(e: unknown, fields: readonly string[] = []): Problem {
  if (!(e instanceof ApiError)) {
    return { ...noProblem(), general: e instanceof Error ? e.message : String(e) };
  }
  if (e.status === 403) return { ...noProblem(), forbidden: true };
  if (e.field !== null && fields.includes(e.field)) {
    return { ...noProblem(), fields: { [e.field]: e.message } };
  }
  return { ...noProblem(), general: e.message };
}

/** The session is gone: the app is already on its way back to the login screen. */
export function isUnauthorized(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401;
}
