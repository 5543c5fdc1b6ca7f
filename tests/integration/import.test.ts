import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { databaseChecksum } from "../support/checksum";
import type { ImportJobView } from "../../shared/importFormat";
import { commitImport, previewImport, settled, uploadForImport, authedFetch, useImportSession, waitForJob } from "../support/importHttp";
import { adminSessionCookie, callerFor } from "../support/testDatabase";
import { startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;
let pilotId: number;

beforeEach(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
  useImportSession(baseUrl, adminSessionCookie(running.db));
  pilotId = (running.db.$client.prepare("SELECT id FROM pilots WHERE title = '[Fictional] Valley Welcome Desk'").get() as { id: number }).id;
});
afterEach(() => running.stop());

const header = "Code,Indicator,Period,Value,Respondents,Numerator,Denominator,Comment";

// Each upload starts a worker thread (about a second when none is waiting, more on a busy machine).
describe("importing results into a pilot", { timeout: 30_000 }, () => {
  it("lists every problem of a broken file with its row and column, and writes nothing", async () => {
    const before = databaseChecksum(running.db);
    const csv = [
      header,
      'LANG-H,,5,"1,060.5",,,,', // fine: English grouping and decimal point (the uploader's language)
      "NOPE,,5,3,,,,", // unknown indicator
      "LANG-H,,9,3,,,,", // period outside the pilot
      "PPL-INF,,5,eight,,,,", // not a number
      "SAT-MIG,,5,11,12,,,", // score outside the scale
      ",Participants completing the language course,5,,,30,20,", // numerator above denominator
      "MIG-INV,,5,1,,,,", // far below the expected progress, no comment
    ].join("\n");
    const job = await previewImport(baseUrl, csv, { fileName: "broken.csv", pilotId });
    expect(job.phase).toBe("ready");
    const problems = job.preview!.problems.map((p) => [p.row, p.column, p.message]);
    expect(problems).toEqual([
      [3, "Code", expect.stringContaining('Unknown indicator "NOPE"')],
      [4, "Period", expect.stringContaining("Period 9 is outside the pilot")],
      [5, "Value", '"eight" is not a number.'],
      [6, "Value", "The score must be on the scale from 1 to 10."],
      [7, "Numerator", "The numerator cannot be above the denominator."],
      [8, "Comment", expect.stringContaining("below its goal or expected progress")],
    ]);
    expect(job.preview!.problemCount).toBe(6);
    expect(job.preview!.counts.results.create).toBe(1);
    expect(job.preview!.rows[0]).toMatchObject({ row: 2, action: "create", detail: "1,060.5" });

    const commit = await commitImport(baseUrl, job);
    expect(commit.status).toBe(400);
    expect(commit.message).toContain("correct them");
    expect(databaseChecksum(running.db)).toBe(before);
  });

  it("reads a file saved by an Italian spreadsheet (semicolons, 30/09/2021) and says its problems in the reader's language", async () => {
    const start = (running.db.$client.prepare("SELECT start_date AS d FROM reporting_periods WHERE pilot_id = ? AND sequence = 5").get(pilotId) as { d: string }).d;
    const dayFirst = start.split("-").reverse().join("/");
    const csv = ["Code;Indicator;Period;Period start;Value", `LANG-H;;5;${dayFirst};60,5`, "NOPE;;5;;3", "LANG-H;;9;;3"].join("\r\n");
    const upload = await uploadForImport(baseUrl, csv, { fileName: "trimestre-5.csv", pilotId, language: "it" });
    const { jobId } = (await upload.json()) as { jobId: string };
    await waitForJob(baseUrl, jobId, settled);
    const response = await authedFetch(`${baseUrl}/api/trpc/imports.job?input=${encodeURIComponent(JSON.stringify({ jobId }))}`, { headers: { "x-pilot-monitor-language": "it" } });
    const job = ((await response.json()) as { result: { data: ImportJobView } }).result.data;
    expect(job.progressText).toBe("Anteprima pronta");
    expect(job.preview!.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, "Code", 'Indicatore sconosciuto "NOPE" nel pilota "[Fictional] Valley Welcome Desk". Aggiungilo nel foglio Indicators o nella pagina di configurazione del pilota.'],
      [
        4,
        "Period",
        expect.stringMatching(/^Il periodo 9 è fuori dal pilota "\[Fictional\] Valley Welcome Desk" \(periodi da 1 a \d+, dal \d\d\/\d\d\/\d{4} al \d\d\/\d\d\/\d{4}\)\.$/),
      ],
    ]);
    // The day-first date was read; the decimal comma too, and the row is described in Italian.
    expect(job.preview!.rows[0]).toMatchObject({
      row: 2,
      action: "create",
      label: "[Fictional] Valley Welcome Desk › Hours of language courses delivered › periodo 5",
      detail: "60,5",
    });
  });

  it("reads numbers held as text the uploader's way: 2.500 and 2,5 in an Italian file, 2,500 and 2.5 in an English one", async () => {
    const details = (job: ImportJobView) => job.preview!.rows.map((r) => [r.row, r.action, r.detail]);
    const italian = ["Code;Indicator;Period;Value;Comment", "MIG-INV;;5;2.500;", "LANG-H;;5;2,5;Neve"].join("\r\n");
    const readInItalian = await previewImport(baseUrl, italian, { fileName: "trimestre-5.csv", pilotId, language: "it" });
    expect(readInItalian.preview!.problems).toEqual([]);
    // The preview is said in the reader's language (English here): the figures read are 2500 and 2.5.
    expect(details(readInItalian)).toEqual([
      [2, expect.any(String), "2,500"],
      [3, expect.any(String), "2.5; “Neve”"],
    ]);
    const english = ["Code,Indicator,Period,Value,Comment", 'MIG-INV,,5,"2,500",', "LANG-H,,5,2.5,Neve"].join("\r\n");
    const readInEnglish = await previewImport(baseUrl, english, { fileName: "quarter-5.csv", pilotId, language: "en" });
    expect(readInEnglish.preview!.problems).toEqual([]);
    expect(details(readInEnglish)).toEqual(details(readInItalian));
    // An Italian habit in an English file is not guessed: "2,5" is refused on its cell, with the reading meant.
    const mixed = ["Code,Indicator,Period,Value", 'LANG-H,,5,"2,5"'].join("\r\n");
    const refused = await previewImport(baseUrl, mixed, { fileName: "quarter-5.csv", pilotId, language: "en" });
    expect(refused.preview!.problems.map((p) => [p.row, p.column, p.message])).toEqual([[2, "Value", expect.stringContaining("Did you mean 2.5?")]]);
  });

  it("refuses a file without the needed columns with a plain message", async () => {
    const job = await previewImport(baseUrl, "Indicator,Value\nLANG-H,3\n", { fileName: "no-period.csv", pilotId });
    expect(job.preview!.problems).toEqual([{ sheet: "Results", row: 1, column: "Period", message: 'The column "Period" is missing. The header row must name it.' }]);
    const notAFile = await previewImport(baseUrl, "just some words\n", { fileName: "notes.csv", pilotId });
    expect(notAFile.phase).toBe("failed");
    expect(notAFile.error!.message).toContain("no indicator or results columns");
  });

  it("commits all or nothing, and importing the same file twice changes nothing the second time", async () => {
    const csv = [header, "LANG-H,,5,60.5,,,,", "SAT-MIG,,5,8.3,20,,,Good groups", ",Participants completing the language course,5,,,45,58,Saturday group helps"].join("\r\n");
    const first = await previewImport(baseUrl, csv, { fileName: "q5.csv", pilotId });
    expect(first.preview!.problemCount).toBe(0);
    expect(first.preview!.counts.results).toEqual({ create: 3, change: 0, unchanged: 0 });
    const committed = await commitImport(baseUrl, first);
    expect(committed.job!.phase).toBe("done");
    expect(committed.job!.outcome!.counts.results.create).toBe(3);
    const caller = callerFor(running.db);
    const page = await caller.pilots.page({ id: pilotId });
    const hours = page.indicators.find((i) => i.indicator.code === "LANG-H")!;
    expect(hours.progress.current).toBe(65 + 70 + 55 + 60 + 60.5);
    // The running totals were refreshed in the same transaction (the portfolio reads them).
    const summary = await caller.portfolio.summary();
    expect(summary.pilots.find((p) => p.id === pilotId)).toBeDefined();
    const totals = running.db.$client
      .prepare("SELECT cum_value FROM results r JOIN indicators i ON i.id = r.indicator_id WHERE i.code = 'LANG-H' AND r.pilot_id = ? ORDER BY period_sequence DESC LIMIT 1")
      .get(pilotId) as { cum_value: number };
    expect(totals.cum_value).toBe(310.5);

    const afterFirst = databaseChecksum(running.db);
    const second = await previewImport(baseUrl, csv, { fileName: "q5.csv", pilotId });
    expect(second.preview!.counts.results).toEqual({ create: 0, change: 0, unchanged: 3 });
    expect(second.preview!.nothingToDo).toBe(true);
    const again = await commitImport(baseUrl, second);
    expect(again.job!.phase).toBe("done");
    expect(databaseChecksum(running.db)).toBe(afterFirst);

    // One bad row among good ones: nothing is written.
    const mixed = [header, "LANG-H,,5,70,,,,", "PPL-INF,,5,eight,,,,"].join("\n");
    const refused = await previewImport(baseUrl, mixed, { fileName: "mixed.csv", pilotId });
    expect(refused.preview!.problemCount).toBe(1);
    expect((await commitImport(baseUrl, refused)).status).toBe(400);
    expect(databaseChecksum(running.db)).toBe(afterFirst);
  });

  it("refuses to commit when the data changed after the preview", async () => {
    // Quarter 5: quarter 4 is submitted for review, so it is locked for everyone.
    const job = await previewImport(baseUrl, [header, "LANG-H,,5,70,,,,A strong quarter"].join("\n"), { fileName: "q5.csv", pilotId });
    expect(job.preview!.counts.results.create).toBe(1);
    // A colleague saves the same indicator in the period form meanwhile.
    const caller = callerFor(running.db);
    const period = running.db.$client.prepare("SELECT id FROM reporting_periods WHERE pilot_id = ? AND sequence = 5").get(pilotId) as { id: number };
    const form = await caller.results.periodForm({ periodId: period.id });
    const hours = form.indicators.find((i) => i.indicator.code === "LANG-H")!;
    await caller.results.savePeriod({
      periodId: period.id,
      enteredBy: "Colleague",
      entries: [
        {
          indicatorId: hours.indicator.id,
          expectedVersion: hours.existing?.version ?? null,
          value: 65,
          respondents: null,
          numerator: null,
          denominator: null,
          comment: "Typed in the form",
        },
      ],
    });
    const before = databaseChecksum(running.db);
    const commit = await commitImport(baseUrl, job);
    expect(commit.job!.phase).toBe("failed");
    expect(commit.job!.error!.code).toBe("CONFLICT");
    expect(databaseChecksum(running.db)).toBe(before);
  });

  it("refuses periods that are submitted or approved, and writes an audit line for every change it makes", async () => {
    // Quarter 4 of the demo pilot is submitted for review: locked.
    const locked = await previewImport(baseUrl, [header, "LANG-H,,4,30,,,,Corrected count"].join("\n"), { fileName: "q4.csv", pilotId });
    const before = databaseChecksum(running.db);
    const refused = await commitImport(baseUrl, locked);
    expect(refused.job!.phase).toBe("failed");
    expect(refused.job!.error!.message).toContain("submitted for review");
    expect(databaseChecksum(running.db)).toBe(before);

    const auditBefore = (running.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'result'").get() as { n: number }).n;
    const open = await previewImport(baseUrl, [header, "LANG-H,,5,70,,,,A strong quarter"].join("\n"), { fileName: "q5.csv", pilotId });
    const done = await commitImport(baseUrl, open);
    expect(done.job!.phase).toBe("done");
    const lines = running.db.$client.prepare("SELECT action, after FROM audit_log WHERE entity_type = 'result' ORDER BY id DESC LIMIT 1").all() as {
      action: string;
      after: string;
    }[];
    expect((running.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'result'").get() as { n: number }).n).toBe(auditBefore + 1);
    expect(lines[0]!.action).toBe("create");
    expect(JSON.parse(lines[0]!.after)).toMatchObject({ value: 70, source: "import" });
  });

  it("serves templates that import back unchanged, in CSV and XLSX", async () => {
    const before = databaseChecksum(running.db);
    for (const format of ["csv", "xlsx"]) {
      const response = await authedFetch(`${baseUrl}/api/imports/templates/pilots/${pilotId}/results.${format}`);
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const job = await previewImport(baseUrl, bytes, { fileName: `template.${format}`, pilotId });
      expect(job.preview!.problems).toEqual([]);
      // 9 indicators × 4 reported quarters, one not reported; the 5th quarter's slots are empty.
      expect(job.preview!.counts.results).toEqual({ create: 0, change: 0, unchanged: 35 });
      expect(job.preview!.counts.blankResultRows).toBe(10);
    }
    const indicators = await authedFetch(`${baseUrl}/api/imports/templates/pilots/${pilotId}/indicators.xlsx`);
    const indicatorJob = await previewImport(baseUrl, new Uint8Array(await indicators.arrayBuffer()), { fileName: "indicators.xlsx", pilotId });
    expect(indicatorJob.preview!.problems).toEqual([]);
    expect(indicatorJob.preview!.counts.indicators).toEqual({ create: 0, change: 0, unchanged: 9 });
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(await (await authedFetch(`${baseUrl}/api/imports/templates/pilots/${pilotId}/results.xlsx`)).arrayBuffer());
    const sheet = xlsx.getWorksheet("Results")!;
    expect(sheet.getRow(1).values).toContain("Numerator");
    expect(sheet.getCell("F2").value).toBeInstanceOf(Date);
    expect(databaseChecksum(running.db)).toBe(before);
  });

  it("creates and changes indicators from an indicators file", async () => {
    const header = "Code,Indicator,Kind,Measure,Cumulation,Unit,Baseline,Goal,Goal direction,Goal text,Scale min,Scale max";
    const created = "NEW-1,Families reached by the desk,quantitative,count,increments,families,0,80,at_least,,,";
    const csv = [
      header,
      created,
      'LANG-H,Hours of language courses delivered,quantitative,count,increments,hours,0,"500",at_least,,,',
      "BAD,Broken score,qualitative,score,increments,,0,8,at_least,,10,1",
    ].join("\n");
    const job = await previewImport(baseUrl, csv, { fileName: "indicators.csv", pilotId });
    // LANG-H has results: its goal is revised in its form, with a reason (docs/decisions/022), not by a file.
    expect(job.preview!.problems).toEqual([
      { sheet: "Indicators", row: 3, column: "Goal", message: expect.stringContaining("change its goal in the indicator's form") },
      { sheet: "Indicators", row: 4, column: "Scale max", message: "The maximum must be above the minimum." },
    ]);
    const fixedCsv = [header, created, 'LANG-H,Hours of language courses delivered,quantitative,count,increments,teaching hours,0,"480",at_least,,,'].join("\n");
    const fixed = await previewImport(baseUrl, fixedCsv, { fileName: "indicators.csv", pilotId });
    expect(fixed.preview!.counts.indicators).toEqual({ create: 1, change: 1, unchanged: 0 });
    expect((await commitImport(baseUrl, fixed)).job!.phase).toBe("done");
    const list = await callerFor(running.db).indicators.listByPilot({ pilotId });
    expect(list.find((i) => i.code === "LANG-H")).toMatchObject({ unit: "teaching hours", goal: 480 });
    expect(list.find((i) => i.code === "NEW-1")).toMatchObject({ name: "Families reached by the desk", displayOrder: 10 });
  });

  it("answers an oversized upload, or one from someone not signed in, with a plain message", async () => {
    const anonymous = await fetch(`${baseUrl}/api/imports?fileName=x.csv&pilotId=${pilotId}`, { method: "POST", body: "a,b\n" });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toContain("Sign in");
    const big = await uploadForImport(baseUrl, new Uint8Array(41 * 1024 * 1024), { fileName: "big.csv", pilotId });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toContain("larger than 40 MB");
  });
});
