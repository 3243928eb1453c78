// Hash routes: #/login, #/fleet (the default once logged in), #/decisions, #/loans, #/rates, #/users, #/audit,
// #/password.
import type { ConsoleRole } from "./types";

export type Route = "login" | "fleet" | "decisions" | "loans" | "rates" | "review" | "users" | "audit" | "password";

const ROUTES: Route[] = ["login", "fleet", "decisions", "loans", "rates", "review", "users", "audit", "password"];

/** Screens only a province administrator may open. */
export const ADMIN_ROUTES: readonly Route[] = ["users", "audit"];

/** The route named by a location hash ("#/users" → "users"); null for anything else. */
export function parseRoute(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return (ROUTES as string[]).includes(name) ? (name as Route) : null;
}

/** The screen to show: the login without a session, else the hash's screen, the fleet for
 * none (or for the login, which a logged-in user does not need). */
export function screenFor(hash: string, loggedIn: boolean, role?: ConsoleRole): Route {
  if (!loggedIn) return "login";
  const r = parseRoute(hash);
  return r === null || r === "login" ? home(role) : r;
}

/** Where a user lands: the fleet for the bank's staff; the others, who read figures (part 2 of
 * the console), their account for now. */
export function home(role?: ConsoleRole): Route {
  return role === undefined || BANK_ROLES.includes(role) ? "fleet" : "password";
}

/** Whether `role` may open `route` (the server decides too: this only hides links). */
export function allowed(route: Route, role: ConsoleRole): boolean {
  if (["fleet", "decisions", "loans", "rates", "review"].includes(route)) return BANK_ROLES.includes(role);
  return !ADMIN_ROUTES.includes(route) || role === "admin";
}

/** The bank's staff: the fleet and the 04/TD decisions (the server scopes both). */
export const BANK_ROLES: readonly ConsoleRole[] = ["admin", "credit_officer", "office_officer"];

export const hashOf = (r: Route): string => `#/${r}`;
