import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { databaseChecksum } from "../support/checksum";
import { commitImport, previewImport, authedFetch, useImportSession } from "../support/importHttp";
import { adminSessionCookie, createTestDatabase, DEMO_TODAY, seedDemo } from "../support/testDatabase";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function serve(seed: boolean) {
  const testDb = createTestDatabase();
  if (seed) seedDemo(testDb.db);
  const server: Server = createApp({ db: testDb.db, today: () => DEMO_TODAY }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  stops.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    testDb.cleanup();
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  useImportSession(baseUrl, adminSessionCookie(testDb.db));
  return { db: testDb.db, baseUrl };
}

async function download(url: string): Promise<Uint8Array> {
  const response = await authedFetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** Every sheet's cells as the spreadsheet program reads them (numbers, text, dates). */
async function readWorkbook(bytes: Uint8Array): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets: Record<string, unknown[][]> = {};
  for (const sheet of workbook.worksheets) {
    if (sheet.name === "About") continue;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets[sheet.name] = rows;
  }
  return sheets;
}

const projectId = (db: ReturnType<typeof createTestDatabase>["db"], name: string) => (db.$client.prepare("SELECT id FROM projects WHERE name = ?").get(name) as { id: number }).id;

describe("project data round trip", { timeout: 60_000 }, () => {
  it("exports a project, imports it into an empty database, and exports the same values again", async () => {
    const source = await serve(true);
    const name = "Rural Welcome Network (fictional demo)";
    const first = await download(`${source.baseUrl}/api/exports/projects/${projectId(source.db, name)}/project-data.xlsx`);

    const target = await serve(false);
    const preview = await previewImport(target.baseUrl, first, { fileName: "project-data.xlsx" });
    expect(preview.preview!.problems).toEqual([]);
    expect(preview.preview!.counts).toMatchObject({
      projects: { create: 1, change: 0, unchanged: 0 },
      pilots: { create: 1, change: 0, unchanged: 0 },
      indicators: { create: 9, change: 0, unchanged: 0 },
      results: { create: 35, change: 0, unchanged: 0 },
    });
    const committed = await commitImport(target.baseUrl, preview);
    expect(committed.job!.phase).toBe("done");
    const [importedProject] = committed.job!.outcome!.projectIds;
    // Every project, pilot, indicator and result it created has its audit line, under the importer, and the import one of its own.
    const admin = target.db.$client.prepare("SELECT id FROM users WHERE email = 'test.admin@example.org'").get() as { id: number };
    const audit = target.db.$client
      .prepare("SELECT entity_type AS type, action, count(*) AS n, min(actor_id) AS lo, max(actor_id) AS hi FROM audit_log GROUP BY entity_type, action ORDER BY entity_type")
      .all();
    expect(audit).toEqual([
      { type: "import", action: "import", n: 1, lo: admin.id, hi: admin.id },
      { type: "indicator", action: "create", n: 9, lo: admin.id, hi: admin.id },
      { type: "pilot", action: "create", n: 1, lo: admin.id, hi: admin.id },
      { type: "project", action: "create", n: 1, lo: admin.id, hi: admin.id },
      { type: "result", action: "create", n: 35, lo: admin.id, hi: admin.id },
    ]);
    const importLine = target.db.$client.prepare("SELECT after FROM audit_log WHERE entity_type = 'import'").get() as { after: string };
    expect(JSON.parse(importLine.after)).toMatchObject({
      fileName: "project-data.xlsx",
      projects: { create: 1 },
      pilots: { create: 1 },
      indicators: { create: 9 },
      results: { create: 35 },
    });
    const second = await download(`${target.baseUrl}/api/exports/projects/${importedProject}/project-data.xlsx`);

    const before = await readWorkbook(first);
    const after = await readWorkbook(second);
    expect(Object.keys(after)).toEqual(["Projects", "Pilots", "Indicators", "Results"]);
    // The file's "Entered by" is not taken over: the imported results are the importer's, and the preview said so.
    expect(preview.preview!.notices).toEqual(['The "Entered by" column is ignored: imported results are recorded as entered by you, the person signed in.']);
    const enteredByColumn = (before.Results![0] as string[]).indexOf("Entered by");
    expect(enteredByColumn).toBeGreaterThan(0);
    for (const sheet of Object.keys(before)) {
      expect(after[sheet]!.length, sheet).toBe(before[sheet]!.length);
      before[sheet]!.forEach((row, r) => {
        row.forEach((cell, c) => {
          const other = after[sheet]![r]![c];
          const where = `${sheet} row ${r + 1} column ${c + 1}`;
          if (sheet === "Results" && c === enteredByColumn && r > 0) {
            expect(other, where).toBe("Test administrator");
          } else if (cell instanceof Date) {
            expect(other, where).toBeInstanceOf(Date);
            expect((other as Date).toISOString(), where).toBe(cell.toISOString());
          } else if (typeof cell === "number" && !Number.isInteger(cell)) {
            // A percentage's Value is derived from numerator and denominator and stored rounded to 6 decimals.
            expect(typeof other, where).toBe("number");
            expect(other as number, where).toBeCloseTo(cell, 5);
          } else {
            expect(other, where).toEqual(cell);
          }
        });
      });
    }
    // Numbers stay numbers and dates stay dates.
    const results = after.Results!;
    const header = results[0] as string[];
    expect(typeof results[1]![header.indexOf("Value")]).toBe("number");
    expect(results[1]![header.indexOf("Period start")]).toBeInstanceOf(Date);

    // Importing the same workbook again changes nothing.
    const unchanged = databaseChecksum(target.db);
    const again = await previewImport(target.baseUrl, second, { fileName: "project-data.xlsx" });
    expect(again.preview!.nothingToDo).toBe(true);
    expect(again.preview!.counts.results).toEqual({ create: 0, change: 0, unchanged: 35 });
    expect((await commitImport(target.baseUrl, again)).job!.phase).toBe("done");
    expect(databaseChecksum(target.db)).toBe(unchanged);
  });

  it("applies the period form's rules to imported reports: the Luserna final report needs its respondents and an explanation", async () => {
    const source = await serve(true);
    const luserna = (source.db.$client.prepare("SELECT project_id AS id FROM pilots WHERE title LIKE 'HOME - %'").get() as { id: number }).id;
    const file = await download(`${source.baseUrl}/api/exports/projects/${luserna}/project-data.xlsx`);
    const target = await serve(false);
    const empty = databaseChecksum(target.db);
    const preview = await previewImport(target.baseUrl, file, { fileName: "luserna.xlsx" });
    const problems = preview.preview!.problems.map((p) => `${p.sheet} ${p.row} ${p.column}: ${p.message}`);
    // The report gives mean scores without the number of respondents, which the form requires...
    expect(problems.filter((p) => p.includes("Respondents: Enter how many people answered."))).toHaveLength(3);
    // ...and 225 of 230 tutoring hours is at risk without a comment.
    expect(problems.some((p) => p.includes("Comment: This result is below its goal"))).toBe(true);
    expect((await commitImport(target.baseUrl, preview)).status).toBe(400);
    expect(databaseChecksum(target.db)).toBe(empty);
  });
});
