import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;

beforeEach(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
});
afterEach(() => running.stop());

describe("the HTTP API", () => {
  it("answers a query for a signed-in person, with only the pilots they may see", async () => {
    const summary = async (cookie?: string) => fetch(`${baseUrl}/api/trpc/portfolio.summary`, { headers: cookie ? { cookie } : {} });
    expect((await summary()).status).toBe(401);
    const manager = await summary(await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.manager));
    expect(manager.status).toBe(200);
    expect(((await manager.json()) as { result: { data: { pilots: unknown[] } } }).result.data.pilots).toHaveLength(4);
    const coordinator = await summary(await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.coordinator));
    const pilots = ((await coordinator.json()) as { result: { data: { pilots: { title: string }[] } } }).result.data.pilots;
    expect(pilots.map((p) => p.title)).toEqual(["[Fictional] Valley Welcome Desk"]);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, and forgets it at sign-out", async () => {
    const password = running.db.$client.prepare("SELECT demo_password AS p FROM users WHERE email = ?").get(DEMO_ACCOUNTS.manager) as { p: string };
    const response = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_ACCOUNTS.manager, password: password.p }),
    });
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^pm_session=[\w-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).not.toContain("Secure"); // plain HTTP here; behind an HTTPS proxy with TRUST_PROXY it is added
    const cookie = setCookie.split(";")[0]!;
    const signOut = await fetch(`${baseUrl}/api/trpc/auth.signOut`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" });
    expect(signOut.headers.get("set-cookie")).toMatch(/^pm_session=;/);
    expect((await fetch(`${baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } })).status).toBe(401);
  });

  it("refuses malformed input with field errors, no stack trace, and nothing written", async () => {
    const cookie = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.lusernaCoordinator);
    const before = databaseChecksum(running.db);
    const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ periodId: 1, entries: [{ indicatorId: 1, expectedVersion: "one", value: "eight" }] }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain("stack");
    expect(text).not.toContain("/work/");
    const body = JSON.parse(text) as { error: { message: string; data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.message).toContain("Some values are not valid");
    expect(body.error.data.zodError.fieldErrors).toHaveProperty("entries");
    expect(databaseChecksum(running.db)).toBe(before);
  });

  it("keys a refusal by the whole path of the entry, so the form puts it beside that input, and the message names no path", async () => {
    const cookie = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.lusernaCoordinator);
    const before = databaseChecksum(running.db);
    const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      // The server's limit is inclusive: a thousand billion passes the schema, one more is refused.
      body: JSON.stringify({
        periodId: 1,
        entries: [
          { indicatorId: 1, expectedVersion: null, value: 1e12 },
          { indicatorId: 2, expectedVersion: null, value: 1e12 + 1, comment: "x".repeat(3) },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: { fieldErrors: Record<string, string> } } };
    expect(body.error.data.fieldErrors).toEqual({ "entries.1.value": "Enter a number of at most a thousand billion (1,000,000,000,000)." });
    expect(body.error.message).toBe("Some values are not valid: Enter a number of at most a thousand billion (1,000,000,000,000).");
    expect(body.error.message).not.toContain("entries.");
    expect(databaseChecksum(running.db)).toBe(before);
    // A set-up form's list (an indicator's milestones) is keyed the same way, to the row's own input.
    const manager = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.manager);
    const indicator = await fetch(`${baseUrl}/api/trpc/indicators.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: manager },
      body: JSON.stringify({
        pilotId: 1,
        name: "Sessions",
        delivery: "milestones",
        milestones: [
          { date: "2026-01-01", target: 5 },
          { date: "2026-06-30", target: 1e13 },
        ],
      }),
    });
    expect(indicator.status).toBe(400);
    const refused = (await indicator.json()) as { error: { message: string; data: { fieldErrors: Record<string, string> } } };
    expect(refused.error.data.fieldErrors["milestones.1.target"]).toBe("Enter a number of at most a thousand billion (1,000,000,000,000).");
    expect(refused.error.data.fieldErrors).not.toHaveProperty("milestones");
    expect(refused.error.message).not.toContain("milestones.");
    expect(running.db.$client.prepare("SELECT count(*) AS n FROM indicators WHERE name = 'Sessions'").get()).toEqual({ n: 0 });
  });

  it("sends security headers on API answers and pages", async () => {
    for (const path of ["/api/trpc/portfolio.summary", "/api/nothing"]) {
      const headers = (await fetch(`${baseUrl}${path}`)).headers;
      const policy = headers.get("content-security-policy") ?? "";
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain("unsafe-inline");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(headers.get("x-powered-by")).toBeNull();
    }
  });

  it("refuses a write sent from another site's page, and writes nothing", async () => {
    const before = databaseChecksum(running.db);
    const body = JSON.stringify({ name: "Forged", programme: "", startDate: "2024-01-01", endDate: "2024-12-31", tolerancePercent: 15 });
    for (const headers of [{ origin: "https://evil.example" }, { referer: "https://evil.example/page" }, { origin: "null" }] as Record<string, string>[]) {
      const response = await fetch(`${baseUrl}/api/trpc/projects.create`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("another site");
    }
    expect(databaseChecksum(running.db)).toBe(before);
    // The app's own pages pass.
    const cookie = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.administrator);
    const own = await fetch(`${baseUrl}/api/trpc/projects.create`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl, cookie }, body });
    expect(own.status).toBe(200);
  });

  it("answers an unknown API route with 404", async () => {
    expect((await fetch(`${baseUrl}/api/nothing`)).status).toBe(404);
  });

  it("marks the session cookie Secure behind an HTTPS proxy it trusts", async () => {
    const proxied = await startTestServer({ trustProxy: "loopback" });
    try {
      const password = proxied.db.$client.prepare("SELECT demo_password AS p FROM users WHERE email = ?").get(DEMO_ACCOUNTS.manager) as { p: string };
      const response = await fetch(`${proxied.baseUrl}/api/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
        body: JSON.stringify({ email: DEMO_ACCOUNTS.manager, password: password.p }),
      });
      expect(response.headers.get("set-cookie")).toContain("Secure");
    } finally {
      await proxied.stop();
    }
  });
});
