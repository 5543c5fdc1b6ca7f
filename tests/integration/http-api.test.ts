import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;

beforeEach(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
});
afterEach(() => running.stop());

describe("the HTTP API", () => {
  it("answers a query", async () => {
    const response = await fetch(`${baseUrl}/api/trpc/portfolio.summary`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { pilots: unknown[] } } };
    expect(body.result.data.pilots).toHaveLength(2);
  });

  it("refuses malformed input with field errors, no stack trace, and nothing written", async () => {
    const before = databaseChecksum(running.db);
    const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ periodId: 1, enteredBy: "", entries: [{ indicatorId: 1, expectedVersion: null, value: "eight" }] }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain("stack");
    expect(text).not.toContain("/work/");
    const body = JSON.parse(text) as { error: { message: string; data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.message).toContain("Your name is required.");
    expect(body.error.data.zodError.fieldErrors).toHaveProperty("enteredBy");
    expect(databaseChecksum(running.db)).toBe(before);
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
    const own = await fetch(`${baseUrl}/api/trpc/projects.create`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl }, body });
    expect(own.status).toBe(200);
  });

  it("answers an unknown API route with 404", async () => {
    expect((await fetch(`${baseUrl}/api/nothing`)).status).toBe(404);
  });
});
