import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../db/client";
import { createApp } from "../../server/app";
import { createLogger } from "../../server/logger";
import { factories } from "../support/factories";
import { authedFetch, commitImport, previewImport, useImportSession } from "../support/importHttp";
import { adminSessionCookie, callerFor, createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * Issue 23's kinds and delivery profiles through the project data workbook: a project with a monthly level,
 * a yearly pilot, a percentage known only as a percentage, an index on 0–100, milestones and an indicator
 * counted at the end is exported as a real XLSX, imported into an empty database, and judged the same there.
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

/** The project with one indicator of each new kind, its results entered by the pilots' coordinators. */
async function projectOfEveryKind(db: AppDatabase) {
  const make = factories(db);
  const project = await make.project({ name: "Kinds round trip (test)" });
  const monthly = await make.pilot({ projectId: project.id, frequency: "monthly", periodsDue: 6, periodsAfter: 5, fields: { title: "Monthly help desk (test)" } });
  const yearly = await make.pilot({ projectId: project.id, frequency: "yearly", periodsDue: 1, periodsAfter: 1, fields: { title: "Yearly survey (test)" } });
  const visitors = await make.indicator(monthly.pilot.id, {
    code: "LVL",
    name: "Visitors per month",
    cumulation: "level",
    levelAggregation: "mean",
    unit: "visitors",
    goal: 100,
    wholeNumbers: true,
  });
  const women = await make.indicator(monthly.pilot.id, { code: "PCT", name: "Share of women", measure: "percentage", entryForm: "direct_percentage", unit: "%", goal: 40 });
  const mipex = await make.indicator(monthly.pilot.id, {
    code: "IDX",
    name: "Integration index",
    kind: "qualitative",
    measure: "score",
    entryForm: "index",
    scaleMin: 0,
    scaleMax: 100,
    goal: 60,
  });
  const steps = await make.indicator(monthly.pilot.id, {
    code: "MIL",
    name: "Mentors trained",
    goal: 80,
    delivery: "milestones",
    milestoneShape: "stepped",
    milestones: [{ date: monthly.due[2]!.endDate, target: 30.5 }],
  });
  const strategy = await make.indicator(monthly.pilot.id, { code: "END", name: "Joint strategies", goal: 1, delivery: "at_end", wholeNumbers: true });
  const reached = await make.indicator(yearly.pilot.id, { code: "YR", name: "People reached per year", goal: 500, wholeNumbers: true });
  const coordinator = await make.account("pilot_coordinator", { pilotId: monthly.pilot.id });
  for (const [index, period] of monthly.due.entries())
    await coordinator.caller.results.savePeriod({
      periodId: period.id,
      entries: [
        { indicatorId: visitors.id, expectedVersion: null, value: 90 + index, comment: "Fewer visitors than planned." },
        { indicatorId: women.id, expectedVersion: null, value: 48, ...(index % 2 === 0 ? { respondents: 25 } : {}), comment: "From the sign-in sheets." },
        { indicatorId: mipex.id, expectedVersion: null, value: 50 + index, comment: "Regional score." },
        { indicatorId: steps.id, expectedVersion: null, value: 6, comment: "One course a month." },
      ],
    });
  const yearlyCoordinator = await make.account("pilot_coordinator", { pilotId: yearly.pilot.id });
  await yearlyCoordinator.caller.results.savePeriod({
    periodId: yearly.due[0]!.id,
    entries: [{ indicatorId: reached.id, expectedVersion: null, value: 180, comment: "First year, slow start." }],
  });
  return { projectId: project.id, pilotIds: [monthly.pilot.id, yearly.pilot.id], strategy };
}

/** Each indicator of the project's pilots by code: its definition and how it is judged today. */
async function judged(db: AppDatabase, projectId: number) {
  const admin = callerFor(db);
  const pilots = db.$client.prepare("SELECT id FROM pilots WHERE project_id = ? ORDER BY id").all(projectId) as { id: number }[];
  const out: Record<string, unknown> = {};
  for (const { id } of pilots) {
    const page = await admin.pilots.page({ id });
    for (const row of page.indicators) {
      const i = row.indicator;
      out[i.code!] = {
        definition: [
          i.measure,
          i.cumulation,
          i.levelAggregation,
          i.entryForm,
          i.wholeNumbers,
          i.delivery,
          i.milestoneShape,
          JSON.stringify(i.milestones),
          i.scaleMin,
          i.scaleMax,
          i.goal,
        ],
        status: row.progress.status,
        current: row.progress.current,
        target: row.progress.target,
        series: row.series.map((p) => [p.periodValue, p.resultToDate, p.target]),
      };
    }
  }
  return out;
}

async function indicatorsSheetOf(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Indicators")!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((name, index) => [name, values[index] ?? null])));
  });
  return rows;
}

describe("project data round trip of every indicator kind and delivery profile", { timeout: 60_000 }, () => {
  it("exports the kinds' columns, imports them into an empty database and judges every indicator the same", async () => {
    const source = createTestDatabase();
    const { projectId } = await projectOfEveryKind(source.db);
    const sourceUrl = await serve(source.db, source.cleanup);
    const response = await authedFetch(`${sourceUrl}/api/exports/projects/${projectId}/project-data.xlsx`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());

    const sheet = await indicatorsSheetOf(bytes);
    const byCode = Object.fromEntries(sheet.map((row) => [row.Code, row]));
    expect(byCode.LVL).toMatchObject({ Cumulation: "level", "Level current": "mean", "Entry form": "standard", "Whole numbers": "yes", Delivery: "linear" });
    expect(byCode.PCT).toMatchObject({ Measure: "percentage", "Entry form": "direct_percentage", "Whole numbers": "no" });
    expect(byCode.IDX).toMatchObject({ Measure: "score", "Entry form": "index", "Scale min": 0, "Scale max": 100 });
    expect(byCode.MIL).toMatchObject({ Delivery: "milestones", "Milestone shape": "stepped" });
    expect(String(byCode.MIL!.Milestones)).toMatch(/^\d{4}-\d{2}-\d{2}: 30\.5$/);
    expect(byCode.END).toMatchObject({ Delivery: "at_end" });

    const target = createTestDatabase();
    const targetUrl = await serve(target.db, target.cleanup);
    const preview = await previewImport(targetUrl, bytes, { fileName: "project-data.xlsx" });
    expect(preview.preview!.problems).toEqual([]);
    expect(preview.preview!.counts).toMatchObject({ projects: { create: 1 }, pilots: { create: 2 }, indicators: { create: 6 }, results: { create: 25 } });
    const committed = await commitImport(targetUrl, preview);
    expect(committed.job!.phase).toBe("done");
    const [importedProject] = committed.job!.outcome!.projectIds;

    const before = await judged(source.db, projectId);
    const after = await judged(target.db, importedProject!);
    expect(Object.keys(after).sort()).toEqual(["END", "IDX", "LVL", "MIL", "PCT", "YR"]);
    expect(after).toEqual(before);
    // The statuses that make the kinds worth having, so that a round trip that lost them all cannot pass.
    expect((after.END as { status: string }).status).toBe("due_at_end");
    expect((after.LVL as { status: string }).status).not.toBe("on_track");

    // Importing the file again into the database it came from changes nothing.
    const again = await previewImport(sourceUrl, bytes, { fileName: "project-data.xlsx" });
    expect(again.preview!.problems).toEqual([]);
    expect(again.preview!.counts).toMatchObject({ indicators: { create: 0, change: 0, unchanged: 6 } });
  });

  it("reads the kinds' columns as a person types them, and says which cell is wrong", async () => {
    const target = createTestDatabase();
    const make = factories(target.db);
    const { pilot, due } = await make.pilot({ periodsDue: 4 });
    const targetUrl = await serve(target.db, target.cleanup);
    const [year, month, day] = due[1]!.endDate.split("-");
    const csv = [
      "Code,Indicator,Kind,Measure,Cumulation,Goal,Level current,Entry form,Whole numbers,Delivery,Milestone shape,Milestones",
      `A,Level,quantitative,count,level,10,The mean of the periods,,sì,,,`,
      `B,Steps,quantitative,count,increments,10,,,,Milestones,,"${day}/${month}/${year}: 2,5"`,
      `C,Bad,quantitative,count,increments,10,,,maybe,milestones,,soon`,
    ].join("\n");
    const job = await previewImport(targetUrl, csv, { fileName: "indicators.csv", pilotId: pilot.id, language: "it" });
    const problems = job.preview!.problems.map((p) => `${p.row} ${p.column}`);
    expect(problems).toEqual(["4 Whole numbers", "4 Milestones"]);
    expect(job.preview!.counts.indicators).toMatchObject({ create: 2 });
  });
});
