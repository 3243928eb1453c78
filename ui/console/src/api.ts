// The console's one way to the province server: same-origin JSON under /console/api, the
// session in a cookie, the CSRF token (from login or /me) kept in memory and sent with every
// request that changes something.
import { locale, t } from "./i18n.svelte";
import type {
  AuditEntry,
  ConsoleUser,
  DeviceRow,
  EnrolCode,
  GroupRow,
  Imported,
  LoanLine,
  NewLoan,
  NewUser,
  QueueLine,
  RatesView,
  Relief,
  ReliefEffect,
  Review,
  Session,
} from "./types";

const BASE = "/console/api";

/** An answer other than 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The error for a non-2xx answer: the server's own message (already in the asked language)
 * when its body has one, else ours for the status.
 */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const code = str(b.error) ?? fallbackCode(status);
  const message = str(b.message) ?? fallbackMessage(status);
  return new ApiError(status, code, message, str(b.field));
}

function fallbackCode(status: number): string {
  if (status === 0) return "network";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 429) return "throttled";
  return "server";
}

function fallbackMessage(status: number): string {
  if (status === 0) return t("error.network");
  if (status === 401) return t("error.unauthorized");
  if (status === 403) return t("error.forbidden");
  if (status === 429) return t("error.throttled");
  return t("error.server", { status });
}

let csrf: string | null = null;
let onUnauthorized: () => void = () => {};

/** What to do when the session is gone (a 401 anywhere but on the login itself). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function clearSession(): void {
  csrf = null;
}

/** A file sent as it is (an uploaded workbook), not as JSON. */
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const file = body instanceof Blob;
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": locale.lang,
    "Content-Type": file ? XLSX : "application/json",
  };
  if (method !== "GET" && csrf !== null) headers["X-CSRF-Token"] = csrf;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
  } catch {
    throw toApiError(0, null);
  }
  const text = await res.text().catch(() => "");
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined; // an error page from a proxy, say: our own message then
    }
  }
  if (!res.ok) {
    if (res.status === 401 && path !== "/login") {
      csrf = null;
      onUnauthorized();
    }
    throw toApiError(res.status, parsed);
  }
  return parsed as T;
}

async function session(p: Promise<Session>): Promise<Session> {
  const s = await p;
  csrf = s.csrf;
  return s;
}

const id = (s: string) => encodeURIComponent(s);

export const api = {
  login: (username: string, password: string) =>
    session(request<Session>("POST", "/login", { username, password })),
  me: () => session(request<Session>("GET", "/me")),
  logout: async () => {
    try {
      await request<void>("POST", "/logout");
    } finally {
      csrf = null;
    }
  },
  changePassword: (current: string, next: string) =>
    request<void>("POST", "/password", { current, new: next }),
  users: () => request<ConsoleUser[]>("GET", "/users"),
  createUser: (u: NewUser) => request<ConsoleUser>("POST", "/users", u),
  disableUser: (userId: string) => request<ConsoleUser>("POST", `/users/${id(userId)}/disable`),
  audit: (limit = 200) => request<AuditEntry[]>("GET", `/audit?limit=${limit}`),
  devices: () => request<DeviceRow[]>("GET", "/devices"),
  revokeDevice: (deviceId: string) => request<DeviceRow>("POST", `/devices/${id(deviceId)}/revoke`),
  decisions: () => request<QueueLine[]>("GET", "/decisions"),
  rates: () => request<RatesView>("GET", "/rates"),
  review: () => request<Review>("GET", "/review"),
  publishRate: (programme: string, ratePpm: number, effectiveFrom: string, legalBasis: string) =>
    request<{ version: number; beforePpm: number | null; afterPpm: number }>("POST", "/rates", { programme, ratePpm, effectiveFrom, legalBasis }),
  decide: (applicationId: string, approve: boolean, amount: number | null, reason: string | null) =>
    request<{ applicationId: string; status: string }>("POST", `/decisions/${id(applicationId)}`, { approve, amount, reason }),
  enrolCode: (pointCodes: string[], role: string, groupId: string | null = null) =>
    request<EnrolCode>("POST", "/enrol-codes", { pointCodes, role, groupId }),
  groups: () => request<GroupRow[]>("GET", "/groups"),
  relief: (r: Relief, preview: boolean) =>
    request<ReliefEffect>("POST", `/reliefs${preview ? "?preview=true" : ""}`, r),
  disburse: (l: NewLoan) => request<LoanLine>("POST", "/loans", l),
  importLoans: (file: Blob, commit: boolean) =>
    request<Imported>("POST", `/loans/import${commit ? "?commit=true" : ""}`, file),
  /** Where the browser downloads the disbursement template (a plain link: a GET). */
  loanTemplateUrl: `${BASE}/loans/template`,
};
