import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, clearSession, setUnauthorizedHandler, toApiError } from "./api";
import { isUnauthorized, toProblem } from "./errors";
import { setLang } from "./i18n.svelte";

describe("error mapping", () => {
  it("keeps the server's code, field and message", () => {
    const e = toApiError(400, { error: "validation", field: "new", message: "Mật khẩu quá ngắn" });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.field, e.message]).toEqual([400, "validation", "new", "Mật khẩu quá ngắn"]);
  });

  it("has its own message when the body has none", () => {
    setLang("vi");
    expect(toApiError(403, null).message).toBe("Không có quyền truy cập");
    expect(toApiError(502, "<html>").message).toBe("Máy chủ báo lỗi (502)");
    expect(toApiError(0, null).code).toBe("network");
    expect(toApiError(429, {}).code).toBe("throttled");
    setLang("en");
    expect(toApiError(403, { error: "forbidden" }).message).toBe("Access denied");
    setLang("vi");
  });

  it("puts field errors under the form's fields, the rest above its button", () => {
    const field = toApiError(400, { error: "validation", field: "current", message: "Sai mật khẩu" });
    expect(toProblem(field, ["current", "new"]).fields).toEqual({ current: "Sai mật khẩu" });
    expect(toProblem(field, ["username"])).toEqual({ fields: {}, general: "Sai mật khẩu", forbidden: false });
    const throttled = toApiError(429, { error: "throttled", message: "Chờ 60 giây" });
    expect(toProblem(throttled, ["username"]).general).toBe("Chờ 60 giây");
    expect(toProblem(toApiError(403, { error: "forbidden", message: "x" })).forbidden).toBe(true);
    expect(toProblem(new Error("boom")).general).toBe("boom");
    expect(isUnauthorized(toApiError(401, null))).toBe(true);
    expect(isUnauthorized(toApiError(403, null))).toBe(false);
  });
});

describe("requests", () => {
  const calls: { url: string; init: RequestInit }[] = [];
  let answers: Response[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const header = (i: number, name: string) => new Headers(calls[i].init.headers).get(name);

  beforeEach(() => {
    calls.length = 0;
    answers = [];
    clearSession();
    setLang("vi");
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new TypeError("offline");
      return next;
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const me = { id: "u1", username: "admin", displayName: "A", role: "admin", scope: { kind: "province", id: null, label: "Toàn tỉnh" } };

  it("sends the CSRF token from the login on every change, never on reads", async () => {
    answers = [json(200, { user: me, csrf: "tok-1" }), json(200, []), new Response(null, { status: 204 })];
    await api.login("admin", "pw");
    expect(calls[0].url).toBe("/console/api/login");
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.credentials).toBe("same-origin");
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ username: "admin", password: "pw" });
    expect(await api.devices()).toEqual([]);
    expect(header(1, "X-CSRF-Token")).toBeNull();
    expect(header(1, "Accept-Language")).toBe("vi");
    setLang("en");
    expect(await api.changePassword("a", "b")).toBeUndefined();
    expect(header(2, "X-CSRF-Token")).toBe("tok-1");
    expect(header(2, "Content-Type")).toBe("application/json");
    expect(header(2, "Accept-Language")).toBe("en");
    expect(JSON.parse(String(calls[2].init.body))).toEqual({ current: "a", new: "b" });
  });

  it("goes back to the login on a 401, except for the login itself", async () => {
    const gone = vi.fn();
    setUnauthorizedHandler(gone);
    answers = [json(401, { error: "bad_credentials", message: "Sai tên hoặc mật khẩu" })];
    await expect(api.login("admin", "bad")).rejects.toMatchObject({ status: 401, message: "Sai tên hoặc mật khẩu" });
    expect(gone).not.toHaveBeenCalled();
    answers = [json(401, { error: "unauthorized", message: "x" })];
    await expect(api.users()).rejects.toBeInstanceOf(ApiError);
    expect(gone).toHaveBeenCalledOnce();
    setUnauthorizedHandler(() => {});
  });

  it("escapes ids in paths and tells an unreachable server", async () => {
    answers = [json(200, { user: me, csrf: "t" }), json(200, { id: "a/b" })];
    await api.me();
    await api.revokeDevice("a/b");
    expect(calls[1].url).toBe("/console/api/devices/a%2Fb/revoke");
    expect(header(1, "X-CSRF-Token")).toBe("t");
    await expect(api.audit()).rejects.toMatchObject({ status: 0, code: "network" });
    expect(calls[2].url).toBe("/console/api/audit?limit=200");
  });
});
