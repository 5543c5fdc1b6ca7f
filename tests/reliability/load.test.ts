import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type AppDatabase } from "../../db/client";
import { memberships, users } from "../../db/schema";
import { seedScaleData } from "../../server/demo/scale";
import { DEMO_ACCOUNT_COST, hashPasswordSync } from "../../server/services/passwords";
import { testDay } from "../support/testDay";
import { exited, startServerProcess } from "./support/serverProcess";

/*
 * 50 concurrent clients (each an async loop with its own keep-alive connections) on loopback for a bounded
 * time. Each is a different person: a pilot coordinator account of its own, signed in through the API with
 * its own password and session, who reads (portfolio, their pilot's page), saves their pilot's period and
 * exports its table. Zero errors, every client's last acknowledged values are in the database at the end,
 * recorded under that client's own name, and the server's memory does not keep growing.
 */

const CLIENTS = 50;
const SECONDS = 20;
const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-load-"));
const dbPath = join(dir, "load.sqlite");
/** The server of the run, stopped even if the test fails half-way. */
let running: ChildProcess | null = null;
afterAll(() => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface ClientPlan {
  email: string;
  name: string;
  password: string;
  pilotId: number;
  projectId: number;
  periodId: number;
  indicators: { id: number; measure: string }[];
  /** The versions of the period's results when the run starts. */
  versions: Map<number, number>;
}

function plansFrom(path: string): ClientPlan[] {
  const db = new Database(path, { readonly: true });
  const today = testDay();
  const pilots = db.prepare("SELECT id, project_id AS projectId FROM pilots ORDER BY id LIMIT ?").all(CLIENTS) as { id: number; projectId: number }[];
  const plans = pilots.map((pilot, index) => ({
    ...accountOf(index),
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

function accountOf(index: number) {
  return { email: `load.coordinator.${index}@example.org`, name: `Load coordinator ${index}`, password: `load-password-${index}-2026` };
}

/**
 * One coordinator account per pilot. Their passwords are hashed with scrypt at the demo accounts' cost
 * (N = 2^10; the hash names its cost, and sign-in verifies with the same code as for any account): at the
 * production cost, 50 hashes and 50 verifications take 20–40 s of CPU on this 2-core machine, which would
 * measure password hashing rather than the load of people working.
 */
function createCoordinators(db: AppDatabase, plans: ClientPlan[]) {
  db.transaction((tx) => {
    for (const plan of plans) {
      const { id } = tx
        .insert(users)
        .values({ email: plan.email, name: plan.name, passwordHash: hashPasswordSync(plan.password, DEMO_ACCOUNT_COST) })
        .returning({ id: users.id })
        .get();
      tx.insert(memberships).values({ userId: id, role: "pilot_coordinator", pilotId: plan.pilotId }).run();
    }
  });
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D/g, "")) * 1024;
}

describe("load", () => {
  it(`holds ${CLIENTS} concurrent clients mixing reads, saves and exports for ${SECONDS} s`, async () => {
    const started = performance.now();
    const seeding = openDatabase(dbPath);
    seedScaleData(seeding, CLIENTS);
    seeding.$client.close();
    const plans = plansFrom(dbPath);
    const accounts = openDatabase(dbPath);
    createCoordinators(accounts, plans);
    accounts.$client.close();
    const seeded = performance.now();
    const server = await startServerProcess(dbPath, 3300 + Math.floor(Math.random() * 90));
    running = server.child;
    const serverUp = performance.now();
    // Every client signs in as its own person, with its own password, and gets its own session. Sign-in
    // counts only failures against the per-address limit, so 50 people behind one address may sign in.
    const cookies = await Promise.all(
      plans.map(async (plan) => {
        const signIn = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: plan.email, password: plan.password }),
        });
        expect(signIn.status, `${plan.email}: ${await signIn.clone().text()}`).toBe(200);
        const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
        const me = (await (await fetch(`${server.baseUrl}/api/trpc/auth.me`, { headers: { cookie } })).json()) as { result: { data: { email: string } | null } };
        expect(me.result.data?.email).toBe(plan.email);
        return cookie;
      }),
    );
    expect(new Set(cookies).size).toBe(CLIENTS);
    const signedInAt = performance.now();

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
      const cookie = cookies[index]!;
      const versions = new Map<number, number | null>(plan.versions);
      for (let round = 1; Date.now() < deadline; round++) {
        await timed(index, "portfolio", () => fetch(`${server.baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } }));
        await timed(index, "pilot page", () =>
          fetch(`${server.baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: plan.pilotId }))}`, { headers: { cookie } }),
        );
        const values = new Map<number, number>();
        const entries = plan.indicators.map((indicator, position) => {
          const base = {
            indicatorId: indicator.id,
            expectedVersion: versions.get(indicator.id) ?? null,
            comment: `Load client ${index}, round ${round}`,
            plausibilityConfirmed: true,
          };
          const marker = 1 + ((round + position) % 9);
          if (indicator.measure === "score") {
            values.set(indicator.id, marker);
            return { ...base, value: marker, respondents: 10 };
          }
          if (indicator.measure === "percentage") {
            values.set(indicator.id, (100 * marker) / 10);
            return { ...base, numerator: marker, denominator: 10 };
          }
          values.set(indicator.id, marker * 10 + round);
          return { ...base, value: marker * 10 + round };
        });
        const saved = await timed(index, "save", () =>
          fetch(`${server.baseUrl}/api/trpc/results.savePeriod`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({ periodId: plan.periodId, enteredBy: `Load client ${index}`, entries }),
          }),
        );
        if (saved === null) return;
        for (const [id, version] of Object.entries((JSON.parse(saved) as { result: { data: { versions: Record<string, number> } } }).result.data.versions))
          versions.set(Number(id), version);
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
    let notTheirs = 0;
    for (const [index, { periodId, values }] of lastAcknowledged) {
      for (const [indicatorId, value] of values) {
        const row = db.prepare("SELECT value, entered_by AS enteredBy FROM results WHERE indicator_id = ? AND period_id = ?").get(indicatorId, periodId) as
          | { value: number; enteredBy: string }
          | undefined;
        if (!row || Math.abs(row.value - value) > 1e-9) lost++;
        // Saves are recorded under the signed-in person's name: each client saved as itself.
        else if (row.enteredBy !== plans[index]!.name) notTheirs++;
      }
    }
    const sessionUsers = (
      db.prepare("SELECT count(DISTINCT s.user_id) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email LIKE 'load.coordinator.%'").get() as { n: number }
    ).n;
    db.close();

    const third = Math.max(1, Math.floor(memory.length / 3));
    const early = Math.max(...memory.slice(0, third));
    const late = Math.max(...memory.slice(-third));
    const sorted = [...latencies].sort((x, y) => x - y);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(0);
    console.log(
      `load: ${latencies.length} requests in ${SECONDS} s (${(latencies.length / SECONDS).toFixed(0)}/s) from ${CLIENTS} clients, latency p50 ${at(50)} ms p99 ${at(99)} ms, ` +
        `${sessionUsers} people with a session of their own (seeding and accounts ${((seeded - started) / 1000).toFixed(1)} s, server start ${((serverUp - seeded) / 1000).toFixed(1)} s, 50 sign-ins ${((signedInAt - serverUp) / 1000).toFixed(1)} s), failures ${failures.length}, clients with saves ${lastAcknowledged.size}, lost ${lost}, saved under another name ${notTheirs}, RSS early ${(early / 2 ** 20).toFixed(0)} MB, late ${(late / 2 ** 20).toFixed(0)} MB`,
    );
    expect(failures).toEqual([]);
    expect(lastAcknowledged.size).toBe(CLIENTS);
    expect(lost).toBe(0);
    expect(notTheirs).toBe(0);
    expect(sessionUsers).toBe(CLIENTS);
    expect(late).toBeLessThan(early * 1.5);
  }, 60_000);
});
