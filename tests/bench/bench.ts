/**
 * npm run bench [-- --sizes 10,100,1000 --keep --no-browser]
 * Builds a programme-scale database per size (db/seed/scale.ts), starts the real server on loopback in
 * this process, and measures what docs/performance.md reports. Prints a table and one summary line.
 */
import { gzipSync } from "node:zlib";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type AppDatabase } from "../../db/client";
import { seedScaleData } from "../../db/seed/scale";
import { createApp } from "../../server/app";
import { RAW_PORTFOLIO_SQL } from "./rawPortfolioSql";
import { measurePortfolioPage } from "./browserTiming";

const TODAY = "2026-11-23";
const CLIENT_DIR = resolve(import.meta.dirname, "../../dist/client");

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

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

interface SaveOutcome {
  latencies: number[];
  errors: number;
  lostWrites: number;
}

type FormResponse = { result: { data: { indicators: { indicator: { id: number; measure: string }; existing: { version: number } | null }[] } } };
type SaveResponse = { result: { data: { versions: Record<string, number> } } };

/**
 * `clients` clients at once, each saving one period (20 results) of its own pilot `rounds` times in a row,
 * as a coordinator correcting figures would: the form is loaded once, then each save carries the
 * versions the previous save returned. Afterwards every acknowledged value must be in the database.
 */
async function concurrentSaves(db: AppDatabase, baseUrl: string, clients: number, rounds: number): Promise<SaveOutcome> {
  const pilotIds = (db.$client.prepare("SELECT id FROM pilots ORDER BY id LIMIT ?").all(clients) as { id: number }[]).map((r) => r.id);
  const latencies: number[] = [];
  let errors = 0;
  const expected = new Map<string, number>();
  const clientsReady = await Promise.all(
    pilotIds.map(async (pilotId) => {
      const period = db.$client.prepare("SELECT id FROM reporting_periods WHERE pilot_id = ? AND start_date <= ? ORDER BY sequence DESC LIMIT 1").get(pilotId, TODAY) as { id: number };
      const form = (await getJson(`${baseUrl}/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId: period.id }))}`)) as FormResponse;
      return { periodId: period.id, indicators: form.result.data.indicators };
    }),
  );
  await Promise.all(
    clientsReady.map(async ({ periodId, indicators }, client) => {
      const versions = new Map(indicators.map(({ indicator, existing }) => [indicator.id, existing?.version ?? null]));
      for (let round = 0; round < rounds; round++) {
        const entries = indicators.map(({ indicator }, index) => {
          const base = { indicatorId: indicator.id, expectedVersion: versions.get(indicator.id) ?? null, comment: `Benchmark client ${client}, round ${round}` };
          const marker = 1 + ((client * 7 + round * 3 + index) % 9);
          if (indicator.measure === "score") return { ...base, value: marker, respondents: 10 + round };
          if (indicator.measure === "percentage") return { ...base, numerator: marker, denominator: 10 };
          return { ...base, value: marker * 10 + round };
        });
        const started = performance.now();
        const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ periodId, enteredBy: `Bench client ${client}`, entries }),
        });
        latencies.push(performance.now() - started);
        if (!response.ok) {
          errors++;
          continue;
        }
        const saved = (await response.json()) as SaveResponse;
        for (const [indicatorId, version] of Object.entries(saved.result.data.versions)) versions.set(Number(indicatorId), version);
        for (const entry of entries) expected.set(`${entry.indicatorId}/${periodId}`, "value" in entry ? entry.value! : (100 * entry.numerator!) / entry.denominator!);
      }
    }),
  );
  let lostWrites = 0;
  const lookup = db.$client.prepare("SELECT value FROM results WHERE indicator_id = ? AND period_id = ?");
  for (const [key, value] of expected) {
    const [indicatorId, periodId] = key.split("/").map(Number);
    const row = lookup.get(indicatorId, periodId) as { value: number } | undefined;
    if (!row || Math.abs(row.value - value) > 1e-9) lostWrites++;
  }
  return { latencies, errors, lostWrites };
}

function initialJavaScriptGzipped(): { bytes: number; files: string[] } | null {
  const indexHtml = join(CLIENT_DIR, "index.html");
  if (!existsSync(indexHtml)) return null;
  const html = readFileSync(indexHtml, "utf8");
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(CLIENT_DIR, file))).length, 0);
  return { bytes, files };
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
  pageUsableMs: number | null;
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
  try {
    const runs = pilots >= 1000 ? 15 : 30;
    const raw = db.$client.prepare(RAW_PORTFOLIO_SQL);
    // Check that the reference and the API agree before timing them.
    const rawRows = raw.all({ asOf: TODAY }) as { pilot_id: number; underperforming: number; at_risk: number }[];
    const api = (await getJson(`${baseUrl}/api/trpc/portfolio.summary`)) as { result: { data: { pilots: { id: number; statusCounts: { underperforming: number; at_risk: number } }[] } } };
    const apiById = new Map(api.result.data.pilots.map((p) => [p.id, p.statusCounts]));
    const disagreements = rawRows.filter((r) => apiById.get(r.pilot_id)?.underperforming !== r.underperforming || apiById.get(r.pilot_id)?.at_risk !== r.at_risk);
    if (disagreements.length > 0) throw new Error(`The raw SQL and the API disagree on ${disagreements.length} pilots`);

    // Interleave the three so that machine noise hits them alike. "Cold" is the first read after a
    // write (any mutation, here a refused one, invalidates the portfolio's read cache); "warm" the next.
    const apiSamples: number[] = [];
    const coldSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await fetch(`${baseUrl}/api/trpc/projects.setArchived`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 999_999_999, archived: true }) });
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
    const pageUsableMs = browser ? await measurePortfolioPage(baseUrl) : null;
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
      pageUsableMs,
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
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "10,100,1000" }, keep: { type: "boolean", default: false }, "no-browser": { type: "boolean", default: false } } });
  const sizes = values.sizes!.split(",").map(Number);
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    console.log(`measuring ${size} pilots...`);
    figures.push(await measureSize(size, values.keep!, !values["no-browser"]));
  }
  const js = initialJavaScriptGzipped();
  console.log("");
  console.log("| pilots | results | portfolio API, warm | portfolio API, first read after a write | raw SQL | warm / SQL | cold / SQL | pilot page | save p50 | save p99 | save errors | lost writes | portfolio page usable |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const f of figures) {
    console.log(
      `| ${f.pilots} | ${f.results} | ${ms(f.portfolioApiMedian)} | ${ms(f.portfolioColdMedian)} | ${ms(f.rawSqlMedian)} | ${(f.portfolioApiMedian / f.rawSqlMedian).toFixed(2)}x | ${(f.portfolioColdMedian / f.rawSqlMedian).toFixed(2)}x | ${ms(f.pilotPageMedian)} | ${ms(f.saveP50)} | ${ms(f.saveP99)} | ${f.saveErrors} | ${f.lostWrites} | ${ms(f.pageUsableMs)} |`,
    );
  }
  console.log("(medians; save latencies over all saves of all clients)");
  console.log("");
  console.log(js ? `initial JavaScript (gzipped): ${(js.bytes / 1024).toFixed(1)} KB in ${js.files.length} file(s)` : "initial JavaScript: no production build (run npm run build)");
  const largest = figures.at(-1)!;
  console.log(
    `SUMMARY pilots=${largest.pilots} results=${largest.results} portfolio=${largest.portfolioApiMedian.toFixed(1)}ms portfolioCold=${largest.portfolioColdMedian.toFixed(1)}ms rawSql=${largest.rawSqlMedian.toFixed(1)}ms ratio=${(largest.portfolioApiMedian / largest.rawSqlMedian).toFixed(2)} pilotPage=${largest.pilotPageMedian.toFixed(1)}ms saveP99=${largest.saveP99.toFixed(1)}ms saveErrors=${largest.saveErrors} lostWrites=${largest.lostWrites} initialJsGzip=${js ? (js.bytes / 1024).toFixed(1) + "KB" : "n/a"} portfolioPage=${ms(largest.pageUsableMs)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
