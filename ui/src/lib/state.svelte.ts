// App-wide state: the open session and the current screen.
import type { SessionInfo, UserInfo } from "./bindings";
import { setLang } from "./i18n.svelte";

export type Route =
  | { name: "home" }
  | { name: "points" }
  | { name: "group"; id: string }
  | { name: "households" }
  | { name: "household"; id: string }
  | { name: "import" }
  | { name: "users" }
  | { name: "sync" }
  | { name: "applications" }
  | { name: "application"; id: string | null; householdId?: string }
  | { name: "meeting"; groupId: string }
  | { name: "proposal"; meetingId: string }
  | { name: "poverty" }
  | { name: "checks" }
  | { name: "check"; loanId: string }
  | { name: "collection"; groupId: string }
  | { name: "session" };

export const app = $state<{
  session: SessionInfo | null;
  /** Locked by the idle timer: the login screen shows why. */
  lockedByIdle: boolean;
  route: Route;
  history: Route[];
}>({ session: null, lockedByIdle: false, route: { name: "home" }, history: [] });

export function startSession(info: SessionInfo): void {
  app.session = info;
  app.lockedByIdle = false;
  setLang(info.user.lang);
}

export function updateUser(user: UserInfo): void {
  if (app.session) app.session = { ...app.session, user };
  setLang(user.lang);
}

export function endSession(byIdle: boolean): void {
  app.session = null;
  app.lockedByIdle = byIdle;
  app.route = { name: "home" };
  app.history = [];
}

export function go(route: Route): void {
  app.history.push(app.route);
  app.route = route;
}

export function back(): void {
  app.route = app.history.pop() ?? { name: "home" };
}
