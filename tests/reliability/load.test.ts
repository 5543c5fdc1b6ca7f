import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { seedScaleData } from "../../db/seed/scale";
import { todayIso } from "../../shared/dates";
import { exited, startServerProcess } from "./support/serverProcess";

/*
 * 50 concurrent clients (each an async loop with its own keep-alive connections) on loopback for a bounded time, each mixing reads (portfolio, its pilot's page),
 * saves of its own pilot's period and spreadsheet exports. Zero errors, every client's last acknowledged
 * values are in the database at the end, and the server's memory does not keep growing.
 */

const CLIENTS = 50;
const SECONDS = 20;
const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-load-"));
const dbPath = join(dir, "load.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ClientPlan {
  pilotId: number;
  projectId: number;
  periodId: number;
  indicators: { id: number; measure: string }[];
  /** The versions of the period's results when the run starts. */
  versions: Map<number, number>;
}

function plansFrom(path: string): ClientPlan[] {
  const db = new Database(path, { readonly: true });
  const today = todayIso();
  const pilots = db.prepare("SELECT id, project_id AS projectId FROM pilots ORDER BY id LIMIT ?").all(CLIENTS) as { id: number; projectId: number }[];
  const plans = pilots.map((pilot) => ({
    pilotId: pilot.id,
    projectId: pilot.projectId,
    periodId: (db.prepare("SELECT id FROM reporting_periods WHERE pilot_id = ? AND start_date <= ? ORDER BY sequence DESC LIMIT 1").get(pilot.id, today) as { id: number }).id,
    indicators: db.prepare("SELECT id, measure FROM indicators WHERE pilot_id = ? ORDER BY id").all(pilot.id) as { id: number; measure: string }[],
    versions: new Map<number, number>(),
  }));
  for (const plan of plans) {
    const rows = db.prepare("SELECT indicator_id AS id, version FROM results WHERE period_id = ?").all(plan.periodId) as { id: number; version: number }[];
    for (const row of rows) plan.versions.set(row.id, row.version);
  }
  db.close();
  return plans;
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D/g, "")) * 1024;
}

describe("load", () => {
  it(`holds ${CLIENTS} concurrent clients mixing reads, saves and exports for ${SECONDS} s`, async () => {
    const seeding = openDatabase(dbPath);
    seedScaleData(seeding, CLIENTS);
    seeding.$client.close();
    const plans = plansFrom(dbPath);
    const admin = { ADMIN_EMAIL: "load.admin@example.org", ADMIN_PASSWORD: "load-test-password-2026" };
    const server = await startServerProcess(dbPath, 3300 + Math.floor(Math.random() * 90), admin);
    // Every client is signed in; they share the administrator's session (sign-in is rate limited per address).
    const signIn = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;

    const memory: number[] = [];
    const sampler = setInterval(() => memory.push(rssOf(server.child.pid!)), 1000);
    const latencies: number[] = [];
    const failures: string[] = [];
    const lastAcknowledged = new Map<number, { periodId: number; values: Map<number, number> }>();
    const deadline = Date.now() + SECONDS * 1000;

    async function timed(client: number, what: string, request: () => Promise<Response>): Promise<string | null> {
      const started = performance.now();
      try {
        const response = await request();
        const body = await response.text();
        latencies.push(performance.now() - started);
        if (!response.ok) {
          failures.push(`client ${client} ${what}: ${response.status} ${body.slice(0, 200)}`);
          return null;
        }
        return body;
      } catch (error) {
        failures.push(`client ${client} ${what}: ${(error as Error).message}`);
        return null;
      }
    }

    // Each client is a person working on their own pilot: look at the portfolio, open their pilot, save their period, export the table.
    async function client(index: number) {
      const plan = plans[index]!;
      const versions = new Map<number, number | null>(plan.versions);
      for (let round = 1; Date.now() < deadline; round++) {
        await timed(index, "portfolio", () => fetch(`${server.baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } }));
        await timed(index, "pilot page", () => fetch(`${server.baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: plan.pilotId }))}`, { headers: { cookie } }));
        const values = new Map<number, number>();
        const entries = plan.indicators.map((indicator, position) => {
          const base = { indicatorId: indicator.id, expectedVersion: versions.get(indicator.id) ?? null, comment: `Load client ${index}, round ${round}` };
          const marker = 1 + ((round + position) % 9);
          if (indicator.measure === "score") return values.set(indicator.id, marker), { ...base, value: marker, respondents: 10 };
          if (indicator.measure === "percentage") return values.set(indicator.id, (100 * marker) / 10), { ...base, numerator: marker, denominator: 10 };
          return values.set(indicator.id, marker * 10 + round), { ...base, value: marker * 10 + round };
        });
        const saved = await timed(index, "save", () =>
          fetch(`${server.baseUrl}/api/trpc/results.savePeriod`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({ periodId: plan.periodId, enteredBy: `Load client ${index}`, entries }),
          }),
        );
        if (saved === null) return;
        for (const [id, version] of Object.entries((JSON.parse(saved) as { result: { data: { versions: Record<string, number> } } }).result.data.versions)) versions.set(Number(id), version);
        lastAcknowledged.set(index, { periodId: plan.periodId, values });
        await timed(index, "export", () => fetch(`${server.baseUrl}/api/exports/pilots/${plan.pilotId}/indicator-table.csv`, { headers: { cookie } }));
      }
    }
    await Promise.all(plans.map((_, index) => client(index)));
    clearInterval(sampler);
    server.child.kill("SIGTERM");
    await exited(server.child);

    const db = new Database(dbPath, { readonly: true });
    let lost = 0;
    for (const { periodId, values } of lastAcknowledged.values()) {
      for (const [indicatorId, value] of values) {
        const row = db.prepare("SELECT value FROM results WHERE indicator_id = ? AND period_id = ?").get(indicatorId, periodId) as { value: number } | undefined;
        if (!row || Math.abs(row.value - value) > 1e-9) lost++;
      }
    }
    db.close();

    const third = Math.max(1, Math.floor(memory.length / 3));
    const early = Math.max(...memory.slice(0, third));
    const late = Math.max(...memory.slice(-third));
    const sorted = [...latencies].sort((x, y) => x - y);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(0);
    console.log(
      `load: ${latencies.length} requests in ${SECONDS} s (${(latencies.length / SECONDS).toFixed(0)}/s) from ${CLIENTS} clients, latency p50 ${at(50)} ms p99 ${at(99)} ms, ` +
        `failures ${failures.length}, clients with saves ${lastAcknowledged.size}, lost ${lost}, RSS early ${(early / 2 ** 20).toFixed(0)} MB, late ${(late / 2 ** 20).toFixed(0)} MB`,
    );
    expect(failures).toEqual([]);
    expect(lastAcknowledged.size).toBe(CLIENTS);
    expect(lost).toBe(0);
    expect(late).toBeLessThan(early * 1.5);
  }, 120_000);
});
