import autocannon from "autocannon";
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
 * 50 concurrent clients on loopback for a bounded time, each mixing reads (portfolio, its pilot's page),
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
    const server = await startServerProcess(dbPath, 3300 + Math.floor(Math.random() * 90));

    // Each connection is one client: it takes the next plan and remembers its versions and last save.
    let nextClient = 0;
    const lastAcknowledged = new Map<number, { periodId: number; values: Map<number, number> }>();
    type Context = { client?: number; versions?: Map<number, number | null>; round?: number; pending?: Map<number, number> };
    const planOf = (context: Context) => {
      if (context.client === undefined) {
        context.client = nextClient++ % CLIENTS;
        context.versions = new Map(plans[context.client]!.versions);
        context.round = 0;
      }
      return plans[context.client]!;
    };

    const memory: number[] = [];
    const sampler = setInterval(() => memory.push(rssOf(server.child.pid!)), 1000);
    const result = await autocannon({
      url: server.baseUrl,
      connections: CLIENTS,
      // Generous: the machines are shared; a slow answer is not an error, a refused or lost one is.
      timeout: 30,
      duration: SECONDS,
      requests: [
        {
          method: "GET",
          setupRequest: (request, context: Context) => ({ ...request, path: "/api/trpc/portfolio.summary" }),
        },
        {
          method: "GET",
          setupRequest: (request, context: Context) => ({ ...request, path: `/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: planOf(context).pilotId }))}` }),
        },
        {
          method: "POST",
          setupRequest: (request, context: Context) => {
            const plan = planOf(context);
            context.round! += 1;
            const values = new Map<number, number>();
            const entries = plan.indicators.map((indicator, index) => {
              const base = { indicatorId: indicator.id, expectedVersion: context.versions!.get(indicator.id) ?? null, comment: `Load client ${context.client}, round ${context.round}` };
              const marker = 1 + ((context.round! + index) % 9);
              if (indicator.measure === "score") return values.set(indicator.id, marker), { ...base, value: marker, respondents: 10 };
              if (indicator.measure === "percentage") return values.set(indicator.id, (100 * marker) / 10), { ...base, numerator: marker, denominator: 10 };
              return values.set(indicator.id, marker * 10 + context.round!), { ...base, value: marker * 10 + context.round! };
            });
            context.pending = values;
            return {
              ...request,
              path: "/api/trpc/results.savePeriod",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ periodId: plan.periodId, enteredBy: `Load client ${context.client}`, entries }),
            };
          },
          onResponse: (status, body, context: Context) => {
            if (status !== 200) return;
            const versions = (JSON.parse(body) as { result: { data: { versions: Record<string, number> } } }).result.data.versions;
            for (const [id, version] of Object.entries(versions)) context.versions!.set(Number(id), version);
            lastAcknowledged.set(context.client!, { periodId: planOf(context).periodId, values: context.pending! });
          },
        },
        {
          method: "GET",
          setupRequest: (request, context: Context) => ({ ...request, path: `/api/exports/pilots/${planOf(context).pilotId}/indicator-table.csv` }),
        },
      ],
    });
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
    console.log(
      `load: ${result.requests.total} requests in ${SECONDS} s (${result.requests.average.toFixed(0)}/s), latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms, ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, clients with saves ${lastAcknowledged.size}, lost ${lost}, ` +
        `RSS early ${(early / 2 ** 20).toFixed(0)} MB, late ${(late / 2 ** 20).toFixed(0)} MB`,
    );
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(lastAcknowledged.size).toBe(CLIENTS);
    expect(lost).toBe(0);
    expect(late).toBeLessThan(early * 1.5);
  }, 120_000);
});
