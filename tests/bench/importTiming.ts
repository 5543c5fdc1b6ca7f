/**
 * Import benchmark: a 100,000-row results file (CSV, as a coordinator's spreadsheet program saves it)
 * for pilots of a scale database, uploaded and committed through the real HTTP route.
 *   npm run bench:import [-- --pilots 1000]
 * tests/bench/bench.ts calls `measureImport` on its own scale database, with the server in its process.
 * The import changes 100,000 stored results (counts + 1, new comments): measure it after the rest.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { openDatabase, type AppDatabase } from "../../db/client";
import { seedScaleData } from "../../server/demo/scale";
import { createApp } from "../../server/app";
import { importWorkerReady } from "../../server/imports/importJobs";
import { columns } from "../../shared/importFormat";
import type { ImportJobView } from "../../shared/importFormat";
import { authedFetch, commitImport, uploadForImport, useImportSession, waitForJob, settled } from "../support/importHttp";
import { adminSessionCookie } from "../support/testDatabase";

const ROWS = 100_000;

interface StoredRow {
  project: string;
  pilot: string;
  code: string;
  sequence: number;
  measure: string;
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * Every result of the first pilots (in pilot, indicator, period order) until 100,000 rows: counts go up
 * by one, scores and percentages keep their figures (scores capped at the scale), and every row gets a new comment, so that all rows
 * are changes and none needs an explanation it lacks.
 */
export function buildResultsCsv(db: AppDatabase, rows = ROWS, stamp = new Date().toISOString()): string {
  const stored = db.$client
    .prepare(
      `SELECT j.name AS project, p.title AS pilot, i.code, r.period_sequence AS sequence, i.measure, r.value, r.respondents, r.numerator, r.denominator
       FROM results r JOIN indicators i ON i.id = r.indicator_id JOIN pilots p ON p.id = r.pilot_id JOIN projects j ON j.id = p.project_id
       ORDER BY r.pilot_id, i.display_order, r.period_sequence LIMIT ?`,
    )
    .all(rows) as StoredRow[];
  if (stored.length < rows) throw new Error(`The database holds only ${stored.length} results; ${rows} are needed.`);
  const header = columns.results.filter((c) => c !== "Indicator" && c !== "Period start" && c !== "Period end" && c !== "Entered by");
  const records = stored.map((r) => [
    r.project,
    r.pilot,
    r.code,
    r.sequence,
    // server/demo/scale.ts draws some scores above its scale's maximum of 10; the import refuses those.
    r.measure === "count" ? r.value + 1 : r.measure === "score" ? Math.min(r.value, 10) : "",
    r.respondents ?? "",
    r.numerator ?? "",
    r.denominator ?? "",
    `Imported ${stamp}`,
  ]);
  return "\uFEFF" + stringify([header, ...records]);
}

/** Uploads, previews and commits the file; `ms` is from the start of the upload to the end of the commit. */
export async function measureImport(db: AppDatabase, baseUrl: string): Promise<{ rows: number; ms: number }> {
  const csv = buildResultsCsv(db);
  // Project data may create projects: an administrator's import.
  useImportSession(baseUrl, adminSessionCookie(db));
  // A running server has a worker waiting; one started a moment ago may still be loading.
  await importWorkerReady();
  const { rows, ms } = await timeImport(baseUrl, csv);
  return { rows, ms };
}

async function timeImport(baseUrl: string, csv: string): Promise<{ rows: number; ms: number; phases: string }> {
  const started = performance.now();
  const phases: string[] = [];
  const track = (job: ImportJobView) => {
    if (phases.at(-1)?.split(" ")[0] !== job.phase) phases.push(`${job.phase} ${(performance.now() - started).toFixed(0)}`);
  };
  const response = await uploadForImport(baseUrl, csv, { fileName: "bench-results.csv" });
  if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  phases.push(`uploaded ${(performance.now() - started).toFixed(0)}`);
  const preview = await waitForJob(baseUrl, jobId, settled, 120_000, track);
  if (preview.phase !== "ready" || preview.preview!.problemCount > 0)
    throw new Error(`The benchmark file was refused: ${preview.error?.message ?? JSON.stringify(preview.preview!.problems.slice(0, 3))}`);
  const commit = await commitImport(baseUrl, preview, track);
  if (commit.job?.phase !== "done") throw new Error(`The commit failed: ${commit.status} ${commit.message}`);
  const ms = performance.now() - started;
  const written = commit.job.outcome!.counts.results;
  return { rows: written.create + written.change + written.unchanged, ms, phases: phases.join(", ") };
}

/** A pilot page read every 200 ms while the import runs: the longest answer shows whether other people wait. */
async function probeReads(baseUrl: string, pilotId: number, stop: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop()) {
    const started = performance.now();
    await authedFetch(`${baseUrl}/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilotId }))}`).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return latencies;
}

async function main() {
  const { values } = parseArgs({ options: { pilots: { type: "string", default: "1000" } } });
  const pilots = Number(values.pilots);
  const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-bench-import-"));
  const db = openDatabase(join(dir, "scale.sqlite"));
  try {
    const seedStarted = performance.now();
    const counts = seedScaleData(db, pilots);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.exec("ANALYZE");
    console.log(`seeded ${counts.pilots} pilots, ${counts.results} results in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const server = createApp({ db, today: () => "2026-11-23" }).listen(0, "127.0.0.1");
    await new Promise<void>((done) => server.once("listening", () => done()));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const csv = buildResultsCsv(db);
    useImportSession(baseUrl, adminSessionCookie(db));
    // Let the spare import worker finish loading, as it would have on a running server.
    await importWorkerReady();
    let finished = false;
    const reads = probeReads(baseUrl, pilots, () => finished);
    const figure = await timeImport(baseUrl, csv);
    finished = true;
    const readLatencies = await reads;
    await new Promise<void>((done) => server.close(() => done()));
    console.log(`phases (ms since the upload started): ${figure.phases}`);
    console.log(`| rows | import (upload to commit) | reads during the import | slowest read |`);
    console.log(`|---:|---:|---:|---:|`);
    console.log(`| ${figure.rows} | ${figure.ms.toFixed(0)} ms | ${readLatencies.length} | ${Math.max(...readLatencies).toFixed(0)} ms |`);
    console.log(
      `SUMMARY importRows=${figure.rows} importMs=${figure.ms.toFixed(0)} readsDuringImport=${readLatencies.length} slowestReadMs=${Math.max(...readLatencies).toFixed(0)}`,
    );
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
