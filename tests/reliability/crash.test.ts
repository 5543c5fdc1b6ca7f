import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie } from "../support/testServer";
import { problemsIn } from "./support/consistency";
import { exited, startServerProcess } from "./support/serverProcess";

/*
 * The server is killed with SIGKILL at random moments while a client saves, at least 20 times. After each
 * crash the file must be sound and hold every save the client saw acknowledged (SQLite's WAL: a commit
 * is in the log before the answer leaves; synchronous=NORMAL keeps it through a process crash).
 */

const CRASHES = 20;
const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-crash-"));
const dbPath = join(dir, "crash.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

type FormAnswer = { result: { data: { indicators: { indicator: { id: number; measure: string }; existing: { version: number; value: number } | null }[] } } };

/** The fictional pilot's coordinator, signed in through the API like a browser. */
async function coordinatorCookie(baseUrl: string): Promise<string> {
  const db = openDatabase(dbPath);
  try {
    return await signInCookie(baseUrl, db, DEMO_ACCOUNTS.coordinator);
  } finally {
    db.$client.close();
  }
}

async function currentPeriodId(baseUrl: string, cookie: string): Promise<number> {
  const summary = (await (await fetch(`${baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } })).json()) as { result: { data: { pilots: { id: number; isFictional: boolean; title: string }[] } } };
  const pilot = summary.result.data.pilots.find((p) => p.isFictional && p.title.includes("Valley"))!;
  const page = (await (await fetch(`${baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilot.id }))}`, { headers: { cookie } })).json()) as {
    result: { data: { periods: { id: number; hasStarted: boolean }[] } };
  };
  return page.result.data.periods.filter((p) => p.hasStarted).at(-1)!.id;
}

describe("crashes", () => {
  it(`loses no acknowledged save and leaves a sound file through ${CRASHES} SIGKILLs`, async () => {
    const next = random(7);
    const port = 3400 + Math.floor(next() * 500);
    let acknowledged = 0;
    /** indicator id -> the last value acknowledged, and the one in flight when the server died. */
    const expected = new Map<number, { acked: number | null; inFlight: number | null }>();
    let value = 100;

    for (let crash = 0; crash < CRASHES; crash++) {
      const server = await startServerProcess(dbPath, port);
      const cookie = await coordinatorCookie(server.baseUrl);
      const periodId = await currentPeriodId(server.baseUrl, cookie);
      const form = (await (await fetch(`${server.baseUrl}/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId }))}`, { headers: { cookie } })).json()) as FormAnswer;
      const counts = form.result.data.indicators.filter((i) => i.indicator.measure === "count");
      const versions = new Map(counts.map((i) => [i.indicator.id, i.existing?.version ?? null]));

      const killAfter = 50 + next() * 400;
      const killed = new Promise<void>((resolve) =>
        setTimeout(() => {
          server.child.kill("SIGKILL");
          resolve();
        }, killAfter),
      );
      let dead = false;
      void killed.then(() => (dead = true));
      while (!dead) {
        value++;
        for (const { indicator } of counts) expected.set(indicator.id, { acked: expected.get(indicator.id)?.acked ?? null, inFlight: value });
        try {
          const response = await fetch(`${server.baseUrl}/api/trpc/results.savePeriod`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({
              periodId,
              enteredBy: "Crash test",
              entries: counts.map(({ indicator }) => ({ indicatorId: indicator.id, expectedVersion: versions.get(indicator.id) ?? null, value, comment: "Saved before a crash" })),
            }),
          });
          const body = (await response.json()) as { result?: { data: { versions: Record<string, number> } }; error?: unknown };
          if (!response.ok || !body.result) throw new Error(`A save was refused: ${JSON.stringify(body)}`);
          for (const [id, version] of Object.entries(body.result.data.versions)) versions.set(Number(id), version);
          for (const { indicator } of counts) expected.set(indicator.id, { acked: value, inFlight: null });
          acknowledged++;
        } catch (error) {
          if (!dead) throw error;
        }
      }
      const { signal } = await exited(server.child);
      expect(signal).toBe("SIGKILL");

      // The file as the next start finds it.
      expect(problemsIn(dbPath)).toEqual([]);
      const db = new Database(dbPath, { readonly: true });
      for (const [indicatorId, { acked, inFlight }] of expected) {
        const row = db.prepare("SELECT value FROM results WHERE indicator_id = ? AND period_id = ?").get(indicatorId, periodId) as { value: number } | undefined;
        // Either the last acknowledged value, or the one in flight if its commit made it before the kill.
        expect([acked, inFlight]).toContain(row?.value ?? null);
      }
      db.close();
    }
    expect(acknowledged).toBeGreaterThan(CRASHES);
    console.log(`crash test: ${CRASHES} SIGKILLs survived, ${acknowledged} acknowledged saves all present`);
  }, 300_000);

  it("shuts down gracefully on SIGTERM: a request in flight is answered, and the database is closed", async () => {
    const port = 3950;
    const server = await startServerProcess(dbPath, port);
    const cookie = await (async () => {
      const db = openDatabase(dbPath);
      try {
        return await signInCookie(server.baseUrl, db, DEMO_ACCOUNTS.administrator);
      } finally {
        db.$client.close();
      }
    })();
    const projects = (await (await fetch(`${server.baseUrl}/api/trpc/projects.list`, { headers: { cookie } })).json()) as { result: { data: { id: number }[] } };
    // A spreadsheet export takes long enough to be surely in progress when the signal comes.
    const inFlight = fetch(`${server.baseUrl}/api/exports/projects/${projects.result.data[0]!.id}/indicator-table.xlsx`, { headers: { cookie } });
    await new Promise((r) => setTimeout(r, 30));
    server.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const { code } = await exited(server.child);
    expect(code).toBe(0);
    expect(server.output()).toContain("SIGTERM received");
    // A clean close folds the write-ahead log into the file and removes it.
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(problemsIn(dbPath)).toEqual([]);
  }, 60_000);
});
