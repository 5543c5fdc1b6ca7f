/**
 * npm run bench [-- --sizes 10,100,1000 --keep --no-browser]
 * Builds a programme-scale database per size (server/demo/scale.ts), starts the real server on loopback in
 * this process, and measures what docs/performance.md reports. Prints a table and one summary line.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openDatabase, type AppDatabase } from "../../db/client";
import { seedScaleData } from "../../server/demo/scale";
import { createApp } from "../../server/app";
import { bootstrapAdministrator } from "../../server/services/bootstrap";
import { generatePassword } from "../../server/services/passwords";
import { RAW_PORTFOLIO_SQL } from "./rawPortfolioSql";
import { measurePortfolioPage, type PageFigures } from "./browserTiming";
import { measureImport } from "./importTiming";
import { CLIENT_DIR, kilobytes, measureBundleSizes } from "./bundleSizes";

const TODAY = "2026-11-23";

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (samples: number[]) => percentile(samples, 50);

async function timeMany(runs: number, task: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < 2; i++) await task(); // warm caches and JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The bench's session cookie: every API call needs a signed-in person (here the administrator). */
let cookie = "";

async function signInAsAdministrator(db: AppDatabase, baseUrl: string): Promise<string> {
  const password = generatePassword();
  bootstrapAdministrator(db, { ADMIN_EMAIL: "bench@localhost", ADMIN_PASSWORD: password }, () => {});
  const response = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench@localhost", password }),
  });
  if (!response.ok) throw new Error(`Signing in failed: ${response.status} ${await response.text()}`);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Saves one count result of the first pilot's latest started period, with a different value each time. */
async function oneResultWriter(baseUrl: string, db: AppDatabase) {
  const { periodId } = db.$client
    .prepare(`SELECT id AS periodId FROM reporting_periods WHERE pilot_id = (SELECT min(id) FROM pilots) AND start_date <= ? ORDER BY sequence DESC LIMIT 1`)
    .get(TODAY) as { periodId: number };
  const form = (await getJson(`${baseUrl}/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId }))}`)) as {
    result: { data: { indicators: { indicator: { id: number; measure: string }; existing: { version: number } | null }[] } };
  };
  const target = form.result.data.indicators.find((i) => i.indicator.measure === "count")!;
  let version = target.existing?.version ?? null;
  return async (round: number) => {
    const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        periodId,
        enteredBy: "Benchmark",
        entries: [{ indicatorId: target.indicator.id, expectedVersion: version, value: 1000 + round, comment: "Benchmark write", plausibilityConfirmed: true }],
      }),
    });
    if (!response.ok) throw new Error(`The benchmark write failed: ${response.status} ${await response.text()}`);
    version = ((await response.json()) as { result: { data: { versions: Record<string, number> } } }).result.data.versions[target.indicator.id]!;
  };
}

interface SaveOutcome {
  latencies: number[];
  errors: number;
  lostWrites: number;
}

/**
 * `clients` clients at once, each saving one period (20 results) of its own pilot `rounds` times in a row.
 * The clients run in a child process (tests/bench/saveClients.ts), so they do not share the server's
 * event loop: they load it as other machines' browsers would, over loopback. Afterwards every acknowledged value must be in the database.
 */
async function concurrentSaves(db: AppDatabase, baseUrl: string, clients: number, rounds: number): Promise<SaveOutcome> {
  const periods = (
    db.$client
      .prepare(
        `SELECT (SELECT id FROM reporting_periods rp WHERE rp.pilot_id = p.id AND rp.start_date <= ? ORDER BY sequence DESC LIMIT 1) AS periodId
         FROM pilots p ORDER BY p.id LIMIT ?`,
      )
      .all(TODAY, clients) as { periodId: number }[]
  ).map((r) => r.periodId);
  const child = fork(fileURLToPath(new URL("./saveClients.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });
  const outcome = await new Promise<{ latencies: number[]; errors: number; acknowledged: [string, number][] }>((resolve, reject) => {
    child.once("message", (message) => resolve(message as never));
    child.once("error", reject);
    child.once("exit", (code) => code !== 0 && reject(new Error(`The save clients exited with ${code}`)));
    child.send({ baseUrl, cookie, rounds, periods });
  });
  const expected = new Map(outcome.acknowledged);
  let lostWrites = 0;
  const lookup = db.$client.prepare("SELECT value FROM results WHERE indicator_id = ? AND period_id = ?");
  for (const [key, value] of expected) {
    const [indicatorId, periodId] = key.split("/").map(Number);
    const row = lookup.get(indicatorId, periodId) as { value: number } | undefined;
    if (!row || Math.abs(row.value - value) > 1e-9) lostWrites++;
  }
  return { latencies: outcome.latencies, errors: outcome.errors, lostWrites };
}

interface SizeFigures {
  pilots: number;
  results: number;
  seedSeconds: number;
  portfolioApiMedian: number;
  portfolioColdMedian: number;
  rawSqlMedian: number;
  pilotPageMedian: number;
  saveP50: number;
  saveP99: number;
  saveErrors: number;
  lostWrites: number;
  page: PageFigures | null;
  /** 100,000 results imported through the HTTP route; measured where the database holds that many. */
  importFigure: { rows: number; ms: number } | null;
}

async function measureSize(pilots: number, keep: boolean, browser: boolean): Promise<SizeFigures> {
  const dir = mkdtempSync(join(tmpdir(), `pilot-monitor-bench-${pilots}-`));
  const db = openDatabase(join(dir, "scale.sqlite"));
  const seedStarted = performance.now();
  const counts = seedScaleData(db, pilots);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.exec("ANALYZE");
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const server = createApp({ db, clientDir: CLIENT_DIR, today: () => TODAY }).listen(0, "127.0.0.1");
  await new Promise<void>((done) => server.once("listening", () => done()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await signInAsAdministrator(db, baseUrl);
  try {
    const runs = pilots >= 1000 ? 15 : 30;
    const raw = db.$client.prepare(RAW_PORTFOLIO_SQL);
    // Check that the reference and the API agree before timing them.
    const rawRows = raw.all({ asOf: TODAY }) as { pilot_id: number; underperforming: number; at_risk: number }[];
    const api = (await getJson(`${baseUrl}/api/trpc/portfolio.summary`)) as {
      result: { data: { pilots: { id: number; statusCounts: { underperforming: number; at_risk: number } }[] } };
    };
    const apiById = new Map(api.result.data.pilots.map((p) => [p.id, p.statusCounts]));
    const disagreements = rawRows.filter((r) => apiById.get(r.pilot_id)?.underperforming !== r.underperforming || apiById.get(r.pilot_id)?.at_risk !== r.at_risk);
    if (disagreements.length > 0) throw new Error(`The raw SQL and the API disagree on ${disagreements.length} pilots`);

    // Interleave the three so that machine noise hits them alike. "Cold" is the first read after a
    // write (a real save of one result, which the portfolio must pick up); "warm" the read after it.
    const writeOneResult = await oneResultWriter(baseUrl, db);
    const apiSamples: number[] = [];
    const coldSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await writeOneResult(i);
      let started = performance.now();
      await getJson(`${baseUrl}/api/trpc/portfolio.summary`);
      const coldMs = performance.now() - started;
      started = performance.now();
      await getJson(`${baseUrl}/api/trpc/portfolio.summary`);
      const apiMs = performance.now() - started;
      started = performance.now();
      raw.all({ asOf: TODAY });
      const rawMs = performance.now() - started;
      if (i >= 2) {
        apiSamples.push(apiMs);
        coldSamples.push(coldMs);
        rawSamples.push(rawMs);
      }
    }
    const middlePilot = Math.max(1, Math.floor(pilots / 2));
    const pageSamples = await timeMany(runs * 2, () => getJson(`${baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: middlePilot }))}`));
    const saves = await concurrentSaves(db, baseUrl, Math.min(50, pilots), 10);
    // The page needs the built client (npm run build); without it there is nothing to measure in a browser.
    const page = browser && existsSync(join(CLIENT_DIR, "index.html")) ? await measurePortfolioPage(baseUrl, cookie) : null;
    // Last: the import rewrites 100,000 stored results.
    const importFigure = counts.results >= 100_000 ? await measureImport(db, baseUrl) : null;
    return {
      pilots,
      results: counts.results,
      seedSeconds,
      portfolioApiMedian: median(apiSamples),
      portfolioColdMedian: median(coldSamples),
      rawSqlMedian: median(rawSamples),
      pilotPageMedian: median(pageSamples),
      saveP50: percentile(saves.latencies, 50),
      saveP99: percentile(saves.latencies, 99),
      saveErrors: saves.errors,
      lostWrites: saves.lostWrites,
      page,
      importFigure,
    };
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
    db.$client.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

const ms = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(1)} ms`);

async function main() {
  const { values } = parseArgs({
    options: { sizes: { type: "string", default: "10,100,1000" }, keep: { type: "boolean", default: false }, "no-browser": { type: "boolean", default: false } },
  });
  const sizes = values.sizes!.split(",").map(Number);
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    console.log(`measuring ${size} pilots...`);
    figures.push(await measureSize(size, values.keep!, !values["no-browser"]));
  }
  const js = measureBundleSizes();
  console.log("");
  console.log(
    "| pilots | results | portfolio API, warm | portfolio API, first read after a write | raw SQL | warm / SQL | cold / SQL | pilot page | save p50 | save p99 | save errors | lost writes | portfolio page usable | its JavaScript (gzip) | import of 100,000 results |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const f of figures) {
    console.log(
      `| ${f.pilots} | ${f.results} | ${ms(f.portfolioApiMedian)} | ${ms(f.portfolioColdMedian)} | ${ms(f.rawSqlMedian)} | ${(f.portfolioApiMedian / f.rawSqlMedian).toFixed(2)}x | ${(f.portfolioColdMedian / f.rawSqlMedian).toFixed(2)}x | ${ms(f.pilotPageMedian)} | ${ms(f.saveP50)} | ${ms(f.saveP99)} | ${f.saveErrors} | ${f.lostWrites} | ${ms(f.page?.usableMs ?? null)} | ${f.page ? `${(f.page.javascriptGzipBytes / 1024).toFixed(1)} KB` : "n/a"} | ${f.importFigure ? `${(f.importFigure.ms / 1000).toFixed(1)} s (${f.importFigure.rows} rows)` : "n/a"} |`,
    );
  }
  console.log("(medians; save latencies over all saves of all clients)");
  console.log("");
  console.log(
    js
      ? `JavaScript in index.html (entry and preloads, gzipped): ${kilobytes(js.initialJsGzipBytes)} in ${js.initialFiles} files; the portfolio page loads ${kilobytes(js.portfolioJsGzipBytes)} in ${js.portfolioFiles} files (from dist/client's manifest)`
      : "initial JavaScript: no production build (run npm run build)",
  );
  const largest = figures.at(-1)!;
  console.log(
    `SUMMARY pilots=${largest.pilots} results=${largest.results} portfolio=${largest.portfolioApiMedian.toFixed(1)}ms portfolioCold=${largest.portfolioColdMedian.toFixed(1)}ms rawSql=${largest.rawSqlMedian.toFixed(1)}ms ratio=${(largest.portfolioApiMedian / largest.rawSqlMedian).toFixed(2)} pilotPage=${largest.pilotPageMedian.toFixed(1)}ms saveP99=${largest.saveP99.toFixed(1)}ms saveErrors=${largest.saveErrors} lostWrites=${largest.lostWrites} initialJsGzip=${js ? kilobytes(js.initialJsGzipBytes) : "n/a"} portfolioBundleGzip=${js ? kilobytes(js.portfolioJsGzipBytes) : "n/a"} portfolioPage=${largest.page ? `${largest.page.usableMs.toFixed(0)}ms` : "n/a"} portfolioPageJsGzip=${largest.page ? `${(largest.page.javascriptGzipBytes / 1024).toFixed(1)}KB` : "n/a"} portfolioPageUncompressed=${largest.page ? largest.page.uncompressedResponses : "n/a"} import100k=${largest.importFigure ? `${(largest.importFigure.ms / 1000).toFixed(1)}s` : "n/a"}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
