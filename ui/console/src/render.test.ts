// The screens' markup as the WebDriver test finds it (rendered on the server side: there is no
// DOM here), and the silent-device flag in a fleet row.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render } from "svelte/server";
import { setLang } from "./i18n.svelte";
import type { DeviceRow } from "./types";
import DeviceTableRow from "./components/DeviceTableRow.svelte";
import EnrolForm from "./components/EnrolForm.svelte";
import Login from "./screens/Login.svelte";
import Password from "./screens/Password.svelte";
import Users from "./screens/Users.svelte";
import Fleet from "./screens/Fleet.svelte";
import Audit from "./screens/Audit.svelte";
import Loans from "./screens/Loans.svelte";

const device: DeviceRow = {
  id: "d1",
  pointCodes: ["51-21361-01"],
  scopeLabel: "Xã Minh Long",
  role: "point_teller",
  appVersion: "0.4.0",
  enrolledAt: "2026-01-02T03:04:05Z",
  lastSeenAt: null,
  lastSyncAt: null,
  waiting: 1234,
  dbBytes: 1536,
  lastError: null,
  revoked: false,
  silentDays: 10,
  users: [
    { username: "giaodichvien", displayName: "Nguyễn Thị Lan", role: "point_teller", active: true },
    { username: "cu", displayName: "Trần Văn Cũ", role: "viewer", active: false },
  ],
};

const ids = (html: string) => [...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]);
const row = (props: { device: DeviceRow; threshold: number; admin: boolean }) =>
  render(DeviceTableRow, { props: { ...props, onrevoke: () => {} } }).body;

beforeEach(() => {
  setLang("vi");
  // The screens that load on creation wait for ever: only their first markup is looked at.
  vi.stubGlobal("fetch", () => new Promise(() => {}));
});
afterEach(() => vi.unstubAllGlobals());

describe("a fleet row", () => {
  it("is flagged when silent for more than the threshold", () => {
    const html = row({ device, threshold: 7, admin: true });
    expect(html).toMatch(/<tr[^>]*class="[^"]*\bsilent\b/);
    expect(html).toContain("Im lặng 10 ngày");
    expect(html).toContain("1.234");
    expect(html).toContain("1,5 KB");
    expect(html).toContain("Giao dịch viên / thủ quỹ");
    expect(ids(html)).toEqual(["device-row", "device-users", "silent-marker", "revoke"]);
    expect(html).toContain("Nguyễn Thị Lan (giaodichvien");
    expect(html).toMatch(/class="muted"[^>]*>Trần Văn Cũ \(cu, [^)]*, đã khóa\)/);
  });

  it("is not flagged up to the threshold, and a revoked device cannot be revoked again", () => {
    const html = row({ device: { ...device, revoked: true }, threshold: 10, admin: true });
    expect(html).not.toMatch(/\bsilent\b/);
    expect(html).toContain("Đã thu hồi");
    expect(ids(html)).toEqual(["device-row", "device-users"]);
  });

  it("has no revoke button for others than administrators", () => {
    expect(ids(row({ device, threshold: 30, admin: false }))).toEqual(["device-row", "device-users"]);
  });
});

describe("the screens' test ids", () => {
  it("login", () => {
    const html = render(Login, { props: { onlogin: () => {} } }).body;
    expect(ids(html)).toEqual(["login-form", "login-submit"]);
    expect(html).toContain('id="username"');
    expect(html).toContain('id="password"');
  });

  it("password", () => {
    const html = render(Password).body;
    expect(ids(html)).toEqual(["password-form", "password-submit"]);
    for (const id of ["current", "new", "again"]) expect(html).toContain(`id="${id}"`);
  });

  it("fleet, with the enrol form for administrators only", () => {
    const admin = render(Fleet, { props: { admin: true } }).body;
    expect(ids(admin)).toEqual(["fleet-filter", "silent-days", "devices", "enrol-form", "enrol-submit"]);
    expect(admin).toMatch(/data-testid="silent-days"[^>]*value="7"|value="7"[^>]*data-testid="silent-days"/);
    for (const id of ["enrol-target", "enrol-points", "enrol-group", "enrol-role"]) expect(admin).toContain(`id="${id}"`);
    expect(render(EnrolForm).body).toContain('<option value="point_controller"');
    expect(ids(render(Fleet, { props: { admin: false } }).body)).toEqual(["fleet-filter", "silent-days", "devices"]);
  });

  it("users and audit", () => {
    const users = render(Users).body;
    expect(ids(users)).toEqual(["users", "user-form", "user-submit"]);
    for (const id of ["new-username", "new-displayName", "new-role", "new-scopeKind", "new-scopeId", "new-password"]) {
      expect(users).toContain(`id="${id}"`);
    }
    expect(users).toMatch(/id="new-scopeId"[^>]*disabled/);
    expect(ids(render(Audit).body)).toEqual(["audit"]);
  });

  it("loans: the form and the file import", () => {
    const html = render(Loans).body;
    expect(ids(html)).toEqual(["loan-form", "loan-submit", "loan-import", "loan-template", "loan-check", "loan-commit"]);
    for (const f of ["contractNo", "customerCode", "programme", "amount", "disbursedOn", "termMonths", "purpose"]) {
      expect(html).toContain(`id="loan-${f}"`);
    }
    expect(html).toMatch(/data-testid="loan-commit"[^>]*disabled/);
  });
});
