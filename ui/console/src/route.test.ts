import { describe, expect, it } from "vitest";
import { allowed, parseRoute, screenFor } from "./route";

describe("hash routes", () => {
  it("reads the route from the hash", () => {
    expect(parseRoute("#/users")).toBe("users");
    expect(parseRoute("#users")).toBe("users");
    expect(parseRoute("#/audit?x=1")).toBe("audit");
    expect(parseRoute("")).toBeNull();
    expect(parseRoute("#/nowhere")).toBeNull();
  });

  it("shows the login without a session and the fleet by default with one", () => {
    expect(screenFor("#/users", false)).toBe("login");
    expect(screenFor("", true)).toBe("fleet");
    expect(screenFor("#/login", true)).toBe("fleet");
    expect(screenFor("#/password", true)).toBe("password");
  });

  it("keeps users and audit to administrators", () => {
    expect(allowed("users", "admin")).toBe(true);
    expect(allowed("audit", "admin")).toBe(true);
    expect(allowed("users", "credit_officer")).toBe(false);
    expect(allowed("audit", "org_reader")).toBe(false);
    expect(allowed("fleet", "org_reader")).toBe(false);
    expect(allowed("decisions", "office_officer")).toBe(true);
    expect(allowed("decisions", "board_member")).toBe(false);
    expect(screenFor("", true, "board_member")).toBe("password");
    expect(screenFor("", true, "office_officer")).toBe("fleet");
    expect(allowed("password", "board_member")).toBe(true);
  });
});
