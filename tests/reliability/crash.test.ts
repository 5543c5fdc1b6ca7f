import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { seedDemoDataIfEmpty } from "../../server/demo/demo";
import { testDay } from "../support/testDay";
import type { ImportJobView } from "../../shared/importFormat";
import { callerFor, DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie } from "../support/testServer";
import { problemsIn } from "./support/consistency";
import { exited, startServerProcess } from "./support/serverProcess";

/*
 * The server is killed with SIGKILL at random moments while a client saves and an administrator imports a
 * large results file, more than 20 times. Every other kill waits until the import is being written (its
 * progress says rows are written, the commit has not come) and lands then, a few milliseconds later; the
 * others land at a random moment of the round. After each crash the file must be sound, hold every save the
 * client saw acknowledged (SQLite's WAL: a commit is in the log before the answer leaves; synchronous=NORMAL
 * keeps it through a process crash), and hold each import wholly (every row with the file's value, comment
 * and audit line) or not at all (every row as it was before).
 */

const CRASHES = 24;
/** The import pilot: monthly since 2010, IMPORT_INDICATORS counts; one file sets every started month of each. */
// 48 indicators × the months since 2013 (a pilot is at most 15 years, docs/decisions/014): about 8,000 rows.
const IMPORT_INDICATORS = 48;
const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-crash-"));
const dbPath = join(dir, "crash.sqlite");
/** The server of the current round, stopped even if the test fails half-way. */
let running: ChildProcess | null = null;
afterAll(() => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

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
  const summary = (await (await fetch(`${baseUrl}/api/trpc/portfolio.summary`, { headers: { cookie } })).json()) as {
    result: { data: { pilots: { id: number; isFictional: boolean; title: string }[] } };
  };
  const pilot = summary.result.data.pilots.find((p) => p.isFictional && p.title.includes("Valley"))!;
  const page = (await (await fetch(`${baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilot.id }))}`, { headers: { cookie } })).json()) as {
    result: { data: { periods: { id: number; hasStarted: boolean }[] } };
  };
  return page.result.data.periods.filter((p) => p.hasStarted).at(-1)!.id;
}

/**
 * The demo data (as the server would load it), plus a pilot that only the import writes to: its results
 * are the import's alone, so their state before and after each crash is known.
 */
async function prepareDatabase(): Promise<{ pilotId: number; projectName: string; pilotTitle: string; codes: string[]; periods: number[] }> {
  const db = openDatabase(dbPath);
  try {
    const today = testDay();
    seedDemoDataIfEmpty(db, today);
    const caller = callerFor(db, today);
    const projectName = "Crash import project";
    const pilotTitle = "Crash import pilot";
    const project = await caller.projects.create({ name: projectName, programme: "", startDate: "2013-01-01", endDate: "2027-12-31", tolerancePercent: 15 });
    const pilot = await caller.pilots.create({
      projectId: project.id,
      title: pilotTitle,
      partnerOrganisation: "",
      location: "",
      country: "",
      startDate: "2013-01-01",
      endDate: "2027-12-31",
      reportingFrequency: "monthly",
      coordinatorName: "",
      coordinatorEmail: "",
      description: "",
    });
    const codes: string[] = [];
    for (let i = 1; i <= IMPORT_INDICATORS; i++) {
      const code = `CR-${String(i).padStart(3, "0")}`;
      await caller.indicators.create({
        pilotId: pilot.id,
        code,
        name: `Crash indicator ${i}`,
        kind: "quantitative",
        measure: "count",
        cumulation: "increments",
        unit: "",
        baseline: 0,
        goal: 1_000_000,
        goalDirection: "at_least",
        goalText: "",
        scaleMin: null,
        scaleMax: null,
      });
      codes.push(code);
    }
    const periods = (
      db.$client.prepare("SELECT sequence FROM reporting_periods WHERE pilot_id = ? AND start_date <= ? ORDER BY sequence").all(pilot.id, today) as { sequence: number }[]
    ).map((p) => p.sequence);
    return { pilotId: pilot.id, projectName, pilotTitle, codes, periods };
  } finally {
    db.$client.close();
  }
}

/**
 * Whether some connection holds the database's write lock now: the import holds it from its BEGIN
 * IMMEDIATE to its commit (hundreds of milliseconds for its rows), a save for about a millisecond.
 * The probe takes the lock itself only when it is free, and gives it back at once.
 */
function writeLockHeld(probe: Database.Database): boolean {
  try {
    probe.exec("BEGIN IMMEDIATE");
    probe.exec("ROLLBACK");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signedIn(baseUrl: string, email: string): Promise<string> {
  const db = openDatabase(dbPath);
  try {
    return await signInCookie(baseUrl, db, email);
  } finally {
    db.$client.close();
  }
}

type JobAnswer = { result?: { data: ImportJobView }; error?: { message: string } };

async function jobOf(baseUrl: string, cookie: string, jobId: string): Promise<ImportJobView> {
  const body = (await (await fetch(`${baseUrl}/api/trpc/imports.job?input=${encodeURIComponent(JSON.stringify({ jobId }))}`, { headers: { cookie } })).json()) as JobAnswer;
  if (!body.result) throw new Error(`imports.job: ${body.error?.message}`);
  return body.result.data;
}

/** The import pilot's results as stored: "indicator code/period" -> value and comment; and its audit lines. */
function importedState(pilotId: number): { rows: Map<string, string>; auditLines: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT i.code, r.period_sequence AS sequence, r.value, r.comment FROM results r JOIN indicators i ON i.id = r.indicator_id WHERE r.pilot_id = ?")
      .all(pilotId) as { code: string; sequence: number; value: number; comment: string }[];
    const auditLines = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE pilot_id = ? AND entity_type = 'result'").get(pilotId) as { n: number }).n;
    return { rows: new Map(rows.map((r) => [`${r.code}/${r.sequence}`, `${r.value}|${r.comment}`])), auditLines };
  } finally {
    db.close();
  }
}

describe("crashes", () => {
  it(`loses no acknowledged save and applies no import by halves through ${CRASHES} SIGKILLs`, async () => {
    const next = random(7);
    const port = 3400 + Math.floor(next() * 500);
    const target = await prepareDatabase();
    let acknowledged = 0;
    const imports = { applied: 0, absent: 0, acknowledged: 0, killsDuringApply: 0, killsMidTransaction: 0, rolledBackMidTransaction: 0 };
    /** How long commits took to be seen done, in the rounds that saw them done. */
    const applyTimes: number[] = [];
    const applyEstimate = () => (applyTimes.length ? [...applyTimes].sort((a, b) => a - b)[Math.floor((applyTimes.length - 1) / 2)]! : 800);
    /** indicator id -> the last value acknowledged, and the one in flight when the server died. */
    const expected = new Map<number, { acked: number | null; inFlight: number | null }>();
    let value = 100;

    for (let crash = 0; crash < CRASHES; crash++) {
      // Every other round waits for the import's write; the others kill at a random moment of the round.
      const aimAtApply = crash % 2 === 0;
      // Both upload routes: into the pilot, and whole projects (Project and Pilot columns).
      const wholeProject = crash % 4 >= 2;
      const round = crash + 1;
      const before = importedState(target.pilotId);
      const server = await startServerProcess(dbPath, port);
      running = server.child;
      const cookie = await coordinatorCookie(server.baseUrl);
      const adminCookie = await signedIn(server.baseUrl, DEMO_ACCOUNTS.administrator);
      const periodId = await currentPeriodId(server.baseUrl, cookie);
      const form = (await (
        await fetch(`${server.baseUrl}/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId }))}`, { headers: { cookie } })
      ).json()) as FormAnswer;
      const counts = form.result.data.indicators.filter((i) => i.indicator.measure === "count");
      const versions = new Map(counts.map((i) => [i.indicator.id, i.existing?.version ?? null]));

      // This round's file: every started month of every indicator, with values and a comment of this round.
      const fileRows = new Map<string, string>();
      const lines = [wholeProject ? "Project,Pilot,Code,Period,Value,Comment" : "Code,Period,Value,Comment"];
      target.codes.forEach((code, i) => {
        for (const sequence of target.periods) {
          // Distinct per round and plausible (decision 018): never ten times the goal nor five times the period before,
          // since an import cannot carry a coordinator's confirmation of an unusual figure.
          const rowValue = 10_000 + round * 100 + ((i * 7 + sequence) % 97);
          const comment = `Crash import ${round}`;
          fileRows.set(`${code}/${sequence}`, `${rowValue}|${comment}`);
          lines.push(`${wholeProject ? `${target.projectName},${target.pilotTitle},` : ""}${code},${sequence},${rowValue},${comment}`);
        }
      });

      let dead = false;
      /** What the client last saw of the import when the kill came. */
      const seen = { phase: "not started", done: false, lockHeldFor: 0 };
      // Watches the write lock from outside the server, on a connection of its own.
      const probe = new Database(dbPath);
      probe.pragma("busy_timeout = 0");
      let busySince: number | null = null;
      let aimed = false;
      const kill = () => {
        if (dead) return;
        dead = true;
        clearInterval(watch);
        seen.lockHeldFor = writeLockHeld(probe) && busySince !== null ? performance.now() - busySince : 0;
        // Closed while the server still has the file open: no checkpoint, the log stays as the server leaves it.
        probe.close();
        server.child.kill("SIGKILL");
      };
      const watch = setInterval(() => {
        const held = writeLockHeld(probe);
        busySince = held ? (busySince ?? performance.now()) : null;
        // Aimed rounds: once the import has held the lock a while (it is writing rows in its open transaction),
        // kill at a random moment within the time earlier writes took.
        if (aimAtApply && !aimed && seen.phase === "writing" && busySince !== null && performance.now() - busySince >= 30) {
          aimed = true;
          setTimeout(() => seen.phase === "writing" && kill(), next() * 0.6 * applyEstimate());
        }
      }, 4);
      // The other rounds kill at a random moment of a randomly chosen stage of the round (absolute times would
      // say little on a shared machine, where the same stage takes one second or ten).
      const stage = aimAtApply ? -1 : Math.floor(next() * 5);
      const delay = next();
      let timer: NodeJS.Timeout | null = null;
      const reached = (which: number, spanMs: number) => {
        if (which === stage) timer = setTimeout(kill, delay * spanMs);
      };
      reached(0, 300); // uploading
      let importError: unknown = null;
      const importing = (async () => {
        try {
          const query = new URLSearchParams({ fileName: `crash-${round}.csv` });
          if (!wholeProject) query.set("pilotId", String(target.pilotId));
          const upload = await fetch(`${server.baseUrl}/api/imports?${query}`, {
            method: "POST",
            headers: { cookie: adminCookie, "content-type": "text/csv" },
            body: lines.join("\n"),
          });
          if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
          const { jobId } = (await upload.json()) as { jobId: string };
          reached(1, 300); // reading and checking
          let job = await jobOf(server.baseUrl, adminCookie, jobId);
          while (job.phase !== "ready" && job.phase !== "failed") {
            seen.phase = job.phase;
            await sleep(20);
            job = await jobOf(server.baseUrl, adminCookie, jobId);
          }
          seen.phase = job.phase;
          reached(2, 150); // the preview, before the commit
          if (job.phase === "failed" || job.preview!.problemCount > 0)
            throw new Error(`The preview failed: ${job.error?.message ?? JSON.stringify(job.preview!.problems.slice(0, 3))}`);
          const commit = await fetch(`${server.baseUrl}/api/trpc/imports.commit`, {
            method: "POST",
            headers: { cookie: adminCookie, "content-type": "application/json" },
            body: JSON.stringify({ jobId, token: job.preview!.token }),
          });
          if (!commit.ok) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
          seen.phase = "writing";
          reached(3, applyEstimate()); // writing, or just done
          const committedAt = performance.now();
          for (;;) {
            job = await jobOf(server.baseUrl, adminCookie, jobId);
            if (job.phase === "done") {
              seen.phase = "done";
              seen.done = true;
              reached(4, 300); // done; saves go on
              applyTimes.push(performance.now() - committedAt);
              break;
            }
            if (job.phase === "failed") throw new Error(`The import failed: ${job.error?.message}`);
            await sleep(10);
          }
        } catch (error) {
          if (!dead) {
            importError = error;
            kill();
          }
        }
      })();

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
              entries: counts.map(({ indicator }) => ({
                indicatorId: indicator.id,
                expectedVersion: versions.get(indicator.id) ?? null,
                value,
                comment: "Saved before a crash",
                plausibilityConfirmed: true,
              })),
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
        // Aimed rounds whose import ended before its write was caught are killed at once.
        if (aimAtApply && seen.done) kill();
      }
      await importing;
      if (timer) clearTimeout(timer);
      if (importError) throw importError;
      const { signal } = await exited(server.child);
      expect(signal).toBe("SIGKILL");
      if (seen.phase === "writing") imports.killsDuringApply++;
      // Held for 30 ms or more: the import's transaction was open, its rows being written (a save holds it ~1 ms).
      const midTransaction = seen.phase === "writing" && seen.lockHeldFor >= 30;
      if (midTransaction) imports.killsMidTransaction++;
      if (process.env.CRASH_DEBUG)
        console.log(`round ${round}: killed while ${seen.phase}, lock held for ${seen.lockHeldFor.toFixed(0)} ms, apply estimate ${applyEstimate().toFixed(0)} ms`);

      // The file as the next start finds it.
      expect(problemsIn(dbPath)).toEqual([]);
      const db = new Database(dbPath, { readonly: true });
      for (const [indicatorId, { acked, inFlight }] of expected) {
        const row = db.prepare("SELECT value FROM results WHERE indicator_id = ? AND period_id = ?").get(indicatorId, periodId) as { value: number } | undefined;
        // Either the last acknowledged value, or the one in flight if its commit made it before the kill.
        expect([acked, inFlight]).toContain(row?.value ?? null);
      }
      db.close();

      // The import: wholly there (every row with this file's value and comment, one audit line each) or wholly absent.
      const after = importedState(target.pilotId);
      const matching = [...fileRows].filter(([key, stored]) => after.rows.get(key) === stored).length;
      const unchanged = [...new Set([...before.rows.keys(), ...after.rows.keys()])].filter((key) => before.rows.get(key) === after.rows.get(key)).length;
      const applied = matching === fileRows.size && after.rows.size === fileRows.size && after.auditLines === before.auditLines + fileRows.size;
      const absent = unchanged === Math.max(before.rows.size, after.rows.size) && after.rows.size === before.rows.size && after.auditLines === before.auditLines;
      expect(
        applied || absent,
        `round ${round}: ${matching} of ${fileRows.size} rows imported, ${after.auditLines - before.auditLines} audit lines added (killed while ${seen.phase})`,
      ).toBe(true);
      // An import the client saw done is there.
      if (seen.done) expect(applied, `round ${round}: an acknowledged import is missing`).toBe(true);
      if (applied) imports.applied++;
      else imports.absent++;
      if (seen.done) imports.acknowledged++;
      if (midTransaction && absent) imports.rolledBackMidTransaction++;
    }
    expect(acknowledged).toBeGreaterThan(CRASHES);
    // The aimed rounds must actually hit writes in progress, or the test proves less than it says.
    expect(imports.killsDuringApply).toBeGreaterThanOrEqual(CRASHES / 4);
    expect(imports.killsMidTransaction).toBeGreaterThanOrEqual(2);
    expect(imports.applied).toBeGreaterThan(0);
    console.log(
      `crash test: ${CRASHES} SIGKILLs survived, ${acknowledged} acknowledged saves all present; imports of ${target.codes.length * target.periods.length} rows: ` +
        `${imports.killsDuringApply} kills after the commit was sent and before it was seen done, ${imports.killsMidTransaction} of them while the import held the write lock ` +
        `(its transaction open), ${imports.rolledBackMidTransaction} of those rolled back whole and ${imports.killsMidTransaction - imports.rolledBackMidTransaction} committed whole just before; ` +
        `${imports.applied} imports found whole (${imports.acknowledged} acknowledged), ${imports.absent} wholly absent, none half applied`,
    );
  }, 900_000);

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
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(problemsIn(dbPath)).toEqual([]);
  }, 60_000);
});
