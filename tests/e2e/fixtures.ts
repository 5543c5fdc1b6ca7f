import { test as base, expect } from "@playwright/test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { exited, startServerProcess } from "../reliability/support/serverProcess";
import { testDay } from "../support/testDay";

/** Where each spec file's database goes: E2E_DB_DIR (playwright.config.ts sets it) or the system's temp folder. */
const databaseRoot = process.env.E2E_DB_DIR ?? join(process.env.TMPDIR ?? "/tmp", "pilot-monitor-e2e");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * One server per spec file, on a database of its own with the demo data loaded on the test day: a spec
 * sees no other spec's leftovers, so the files pass in any order. The server is the real one
 * (server/main.ts, as `npm start` runs it), started when a file's first test asks for it and stopped when
 * the next file's first test does. (After a failed test Playwright starts a new worker, and with it a fresh
 * server, for the rest of that file.)
 */
class SpecServers {
  private current: { file: string; baseUrl: string; stop: () => Promise<void> } | null = null;

  async baseUrlFor(file: string): Promise<string> {
    if (this.current?.file === file) return this.current.baseUrl;
    await this.stop();
    mkdirSync(databaseRoot, { recursive: true });
    const dir = mkdtempSync(join(databaseRoot, "spec-"));
    const { child, baseUrl } = await startServerProcess(join(dir, "e2e.sqlite"), await freePort(), { PILOT_MONITOR_TODAY: testDay() });
    this.current = {
      file,
      baseUrl,
      stop: async () => {
        const done = exited(child);
        child.kill("SIGTERM");
        await done;
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return baseUrl;
  }

  async stop(): Promise<void> {
    const running = this.current;
    this.current = null;
    await running?.stop();
  }
}

export const test = base.extend<{ cspViolations: string[] }, { specServers: SpecServers }>({
  specServers: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; this one has none.
    async ({}, use) => {
      const servers = new SpecServers();
      await use(servers);
      await servers.stop();
    },
    { scope: "worker" },
  ],
  // Pages, `request` and contexts a test opens itself all go to its spec file's own server.
  baseURL: async ({ specServers }, use, testInfo) => {
    await use(await specServers.baseUrlFor(testInfo.file));
  },
  /**
   * Every end-to-end test runs under the server's Content-Security-Policy and fails if the browser
   * refuses anything the app tried to load or run: the policy must be one the app works under.
   */
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
