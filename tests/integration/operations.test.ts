import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../server/logger";
import { DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>> | undefined;
const folders: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The bytes as they travel (fetch would decode them), with the response's headers. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

/** A built client as Vite lays it out: index.html naming a content-hashed script under assets/. */
function builtClient(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-client-"));
  folders.push(dir);
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>');
  writeFileSync(join(dir, "assets", "index-Ab12Cd34.js"), script);
  return dir;
}

function lastShippedMigration(): string {
  const journal = JSON.parse(readFileSync(join(import.meta.dirname, "../../db/migrations/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.at(-1)!.tag;
}

const readyStatus = async (baseUrl: string) => {
  const response = await fetch(`${baseUrl}/api/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string; pending?: string[] } };
};

describe("health and readiness", () => {
  it("says the process is alive, in JSON", async () => {
    running = await startTestServer();
    const response = await fetch(`${running.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is ready with every migration applied, and turns 503 while the database file is unreadable, then back", async () => {
    running = await startTestServer();
    expect(await readyStatus(running.baseUrl)).toEqual({ status: 200, body: { status: "ready", migrations: expect.any(Number) } });
    const file = running.db.$client.name;
    // Tests run as root here, where chmod 000 stops no read: the file taken away is what a lost disk or a wrong mount looks like.
    renameSync(file, `${file}.away`);
    expect(await readyStatus(running.baseUrl)).toEqual({ status: 503, body: { status: "not ready", reason: "database file unreadable" } });
    renameSync(`${file}.away`, file);
    expect((await readyStatus(running.baseUrl)).status).toBe(200);
  });

  it("turns 503 while a shipped migration is not applied, naming it", async () => {
    running = await startTestServer();
    const last = running.db.$client.prepare("SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as {
      hash: string;
      createdAt: number;
    };
    running.db.$client.prepare("DELETE FROM __drizzle_migrations WHERE created_at = ?").run(last.createdAt);
    expect(await readyStatus(running.baseUrl)).toEqual({ status: 503, body: { status: "not ready", reason: "migrations not applied", pending: [lastShippedMigration()] } });
    running.db.$client.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)").run(last.hash, last.createdAt);
    expect((await readyStatus(running.baseUrl)).status).toBe(200);
  });

  it("turns 503 when the database connection is closed", async () => {
    running = await startTestServer();
    const { db, baseUrl } = running;
    const stop = running.stop;
    running = undefined;
    db.$client.close();
    try {
      expect(await readyStatus(baseUrl)).toEqual({ status: 503, body: { status: "not ready", reason: "database unreachable" } });
      expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await stop().catch(() => undefined);
    }
  });

  it("answers an unknown /api path with a JSON 404, never the app page", async () => {
    running = await startTestServer({ clientDir: builtClient("console.log(1);") });
    const response = await fetch(`${running.baseUrl}/api/healthz`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("the request log", () => {
  it("writes one JSON line per request with its id, method, path, status and duration, and no secrets", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => lines.push(line) } });
    running = await startTestServer({ logger });
    const cookie = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.manager);
    const password = (running.db.$client.prepare("SELECT demo_password AS p FROM users WHERE email = ?").get(DEMO_ACCOUNTS.manager) as { p: string }).p;
    const response = await fetch(`${running.baseUrl}/api/trpc/portfolio.summary?input=%7B%7D`, { headers: { cookie, authorization: "Bearer secret-token-123" } });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(lines.some((line) => line.includes(requestId!))).toBe(true));
    const entry = JSON.parse(lines.find((line) => line.includes(requestId!))!);
    expect(entry).toMatchObject({ level: 30, requestId, req: { method: "GET", path: "/api/trpc/portfolio.summary" }, res: { status: 200 }, msg: "request" });
    expect(entry.durationMs).toEqual(expect.any(Number));
    await vi.waitFor(() => expect(lines.filter((line) => line.includes('"msg":"request"'))).toHaveLength(2));
    const all = lines.join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toContain(cookie.split("=")[1]);
    expect(all).not.toContain("secret-token-123");
  });

  it("keeps a request id a proxy gave, and writes nothing below LOG_LEVEL", async () => {
    const lines: string[] = [];
    running = await startTestServer({ logger: createLogger({ level: "warn", destination: { write: (line: string) => lines.push(line) } }) });
    const response = await fetch(`${running.baseUrl}/api/health`, { headers: { "x-request-id": "proxy-7f3a" } });
    expect(response.headers.get("x-request-id")).toBe("proxy-7f3a");
    const warnLogger = createLogger({ level: "warn", destination: { write: (line: string) => lines.push(line) } });
    warnLogger.info("not written");
    warnLogger.warn("written");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: "written" });
  });
});

describe("compression and caching", () => {
  const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: "indicator ${i}" }`).join(", ")}];\n`;

  it("sends scripts gzip or brotli compressed to a browser that accepts it", async () => {
    running = await startTestServer({ clientDir: builtClient(script) });
    const url = `${running.baseUrl}/assets/index-Ab12Cd34.js`;
    const plain = await rawGet(url);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const gzip = await rawGet(url, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    const brotli = await rawGet(url, { "accept-encoding": "br, gzip" });
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script);
    const api = await rawGet(`${running.baseUrl}/api/trpc/portfolio.summary`, { "accept-encoding": "gzip" });
    expect(api.headers.vary).toMatch(/Accept-Encoding/i);
  });

  it("caches hashed assets for a year as immutable, and has the page asked for again each time", async () => {
    running = await startTestServer({ clientDir: builtClient(script) });
    const asset = await rawGet(`${running.baseUrl}/assets/index-Ab12Cd34.js`);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const path of ["/", "/pilots/1", "/index.html"]) {
      const page = await rawGet(`${running.baseUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.body.toString()).toContain("/assets/index-Ab12Cd34.js");
      expect(page.headers["cache-control"]).toBe("no-cache");
    }
  });
});
