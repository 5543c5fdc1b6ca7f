import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

/*
 * Issue 15, "No Host check, no Cache-Control": a DNS-rebinding page (Host: its own name) could read the
 * anonymous answers, in demo mode the demo passwords; signed-in answers and downloads could be cached.
 */

let running: Awaited<ReturnType<typeof startTestServer>> | undefined;
const saved = { ALLOWED_HOSTS: process.env.ALLOWED_HOSTS, PUBLIC_URL: process.env.PUBLIC_URL };
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A GET with the Host header as given (fetch does not let a program choose it). */
function getWithHost(baseUrl: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const demoAccounts = "/api/trpc/auth.demoAccounts";

describe("the Host header", () => {
  it("refuses a host the server does not serve (a rebinding page), before any answer is read", async () => {
    running = await startTestServer({ demoMode: true });
    const refused = await getWithHost(running.baseUrl, demoAccounts, "attacker.example:80");
    expect(refused.status).toBe(421);
    expect(refused.body).toBe("This server does not serve that host name.");
    expect(refused.body).not.toContain("password");
    for (const host of ["localhost:5173", "127.0.0.1", "[::1]:3000", "LOCALHOST"]) expect((await getWithHost(running.baseUrl, "/api/nothing", host)).status).toBe(404);
  });

  it("serves the hosts of ALLOWED_HOSTS and PUBLIC_URL, and only those", async () => {
    process.env.ALLOWED_HOSTS = "monitor.example.org, intranet:8080";
    process.env.PUBLIC_URL = "https://pilots.example.eu/app";
    running = await startTestServer();
    for (const host of ["monitor.example.org", "intranet", "pilots.example.eu:443"]) expect((await getWithHost(running.baseUrl, "/api/nothing", host)).status).toBe(404);
    expect((await getWithHost(running.baseUrl, "/api/nothing", "example.org")).status).toBe(421);
  });
});

describe("Cache-Control", () => {
  it("says no-store on signed-in answers, on errors and on downloads", async () => {
    running = await startTestServer();
    const cookie = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.evaluator);
    const answer = await fetch(`${running.baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const { pilots } = (await answer.json()).result.data as { pilots: { id: number }[] };
    const download = await fetch(`${running.baseUrl}/api/exports/pilots/${pilots[0]!.id}/indicator-table.xlsx`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get("cache-control")).toBe("no-store");
    const missing = await fetch(`${running.baseUrl}/api/exports/pilots/99999/final-report.docx`, { headers: { cookie } });
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });
});
