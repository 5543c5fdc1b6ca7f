import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../db/client";
import { createApp } from "../../server/app";
import { createLogger } from "../../server/logger";
import { databaseChecksum } from "../support/checksum";
import { factories } from "../support/factories";
import { authedFetch, commitImport, previewImport, useImportSession } from "../support/importHttp";
import { adminSessionCookie, createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * Goal revisions have one door (docs/decisions/022): once an indicator has results, its goal changes only
 * with a reason, in the indicator's form. The project data workbook has no column for a reason, so its
 * preview refuses such a row and nothing is written; an indicator without results changes as before.
 */

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function serve(db: AppDatabase, cleanup: () => void) {
  const server: Server = createApp({ db, today: () => DEMO_TODAY, logger: createLogger({ level: "silent" }) }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  stops.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cleanup();
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  useImportSession(baseUrl, adminSessionCookie(db));
  return baseUrl;
}

/** A project with one indicator that has results and one still being set up. */
async function projectWithResults(db: AppDatabase) {
  const make = factories(db);
  const project = await make.project({ name: "Revisions by import (test)" });
  const { pilot, due } = await make.pilot({ projectId: project.id, periodsDue: 2, fields: { title: "Welcome desk (test)" } });
  const reported = await make.indicator(pilot.id, { code: "REP", name: "People welcomed", goal: 100 });
  const unreported = await make.indicator(pilot.id, { code: "NEW", name: "Volunteers trained", goal: 50 });
  const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
  await coordinator.caller.results.savePeriod({
    periodId: due[0]!.id,
    entries: [{ indicatorId: reported.id, expectedVersion: null, value: 40, comment: "First months." }],
  });
  return { projectId: project.id, reported, unreported };
}

/** The exported workbook with the goals of the Indicators sheet's rows set by code; and the row each code is on. */
async function withGoals(exported: Uint8Array, goals: Record<string, number>) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(exported as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Indicators")!;
  const header = (sheet.getRow(1).values as unknown[]).map((value) => (value == null ? "" : String(value)));
  const codeColumn = header.indexOf("Code");
  const goalColumn = header.indexOf("Goal");
  const rowOf: Record<string, number> = {};
  sheet.eachRow((row, number) => {
    const code = String(row.getCell(codeColumn).value ?? "");
    rowOf[code] = number;
    if (number > 1 && code in goals) row.getCell(goalColumn).value = goals[code]!;
  });
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), rowOf };
}

const goalOf = (db: AppDatabase, id: number) => (db.$client.prepare("SELECT goal FROM indicators WHERE id = ?").get(id) as { goal: number }).goal;
const revisionRows = (db: AppDatabase) => (db.$client.prepare("SELECT count(*) AS n FROM indicator_revisions").get() as { n: number }).n;

describe("changing goals through the project data workbook", { timeout: 60_000 }, () => {
  it("refuses a new goal of an indicator with results, pointing to its form, and applies one without results", async () => {
    const { db, cleanup } = createTestDatabase();
    const { projectId, reported, unreported } = await projectWithResults(db);
    const baseUrl = await serve(db, cleanup);
    const response = await authedFetch(`${baseUrl}/api/exports/projects/${projectId}/project-data.xlsx`);
    expect(response.status).toBe(200);
    const exported = new Uint8Array(await response.arrayBuffer());

    const revised = await withGoals(exported, { REP: 120 });
    const before = databaseChecksum(db);
    const refused = await previewImport(baseUrl, revised.bytes, { fileName: "project-data.xlsx" });
    expect(refused.preview!.problems).toEqual([
      {
        sheet: "Indicators",
        row: revised.rowOf.REP,
        column: "Goal",
        message: '"People welcomed" has 1 result: change its goal in the indicator\'s form, which asks for the reason of the revision.',
      },
    ]);
    const commit = await commitImport(baseUrl, refused);
    expect(commit.status).toBe(400);
    expect(databaseChecksum(db)).toBe(before);
    expect(goalOf(db, reported.id)).toBe(100);
    expect(revisionRows(db)).toBe(0);

    // The same change of an indicator still being set up is imported as before, with no revision recorded.
    const setUp = await withGoals(exported, { NEW: 60 });
    const accepted = await previewImport(baseUrl, setUp.bytes, { fileName: "project-data.xlsx" });
    expect(accepted.preview!.problems).toEqual([]);
    expect(accepted.preview!.counts.indicators).toMatchObject({ change: 1, unchanged: 1 });
    const applied = await commitImport(baseUrl, accepted);
    expect(applied.job!.phase).toBe("done");
    expect(goalOf(db, unreported.id)).toBe(60);
    expect(goalOf(db, reported.id)).toBe(100);
    expect(revisionRows(db)).toBe(0);
  });
});
