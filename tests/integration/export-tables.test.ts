import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, DEMO_ACCOUNTS } from "../support/testDatabase";
import { startTestServer, signInCookie } from "../support/testServer";

/*
 * A project of two pilots that share indicator codes, with a score on a scale below zero, comments that
 * look like formulas, and a to-date percentage: everything the evaluator's three tables must get right.
 */

let running: Awaited<ReturnType<typeof startTestServer>>;
let fixture: Awaited<ReturnType<typeof createProject>>;

const INJECTION = '=HYPERLINK("http://evil.example","click")';
const TRICKY_COMMENT = 'Said "fine", then left,\nso -1.5 it is';

async function createProject(caller: ReturnType<typeof callerFor>) {
  const project = await caller.projects.create({ name: "Roll-up Test Project", programme: "Test", startDate: "2021-01-01", endDate: "2021-12-31", tolerancePercent: 15 });
  const pilotA = await caller.pilots.create({ projectId: project.id, title: "Pilot Alpha", startDate: "2021-01-01", endDate: "2021-12-31", reportingFrequency: "quarterly" });
  const pilotB = await caller.pilots.create({ projectId: project.id, title: "Pilot Beta", startDate: "2021-01-01", endDate: "2021-06-30", reportingFrequency: "quarterly" });
  const add = (pilotId: number, fields: Record<string, unknown>) =>
    caller.indicators.create({ pilotId, kind: "quantitative", ...fields } as Parameters<typeof caller.indicators.create>[0]);
  const a = {
    migrants: await add(pilotA.id, { code: "MIG", name: "Migrants involved", measure: "count", unit: "people", goal: 100 }),
    injection: await add(pilotA.id, { name: INJECTION, measure: "count", unit: "events", goal: 4 }),
    satisfaction: await add(pilotA.id, { code: "SAT", name: "Satisfaction", kind: "qualitative", measure: "score", unit: "grade", goal: 8, scaleMin: 1, scaleMax: 10 }),
    mood: await add(pilotA.id, { name: "Mood balance", kind: "qualitative", measure: "score", unit: "points", baseline: -2, goal: 2, scaleMin: -5, scaleMax: 5 }),
    stakeholders: await add(pilotA.id, { code: "STK", name: "Stakeholders involved", kind: "qualitative", measure: "percentage", cumulation: "to_date", goal: 60 }),
  };
  const b = {
    migrants: await add(pilotB.id, { code: "mig", name: "Migrants reached", measure: "count", unit: "people", goal: 300 }),
    satisfaction: await add(pilotB.id, { code: "SAT", name: "Satisfaction", kind: "qualitative", measure: "score", unit: "grade", goal: 8, scaleMin: 1, scaleMax: 10 }),
    stakeholders: await add(pilotB.id, { code: "STK", name: "Stakeholders involved", kind: "qualitative", measure: "percentage", cumulation: "to_date", goal: 60 }),
  };
  const periodsOf = async (pilotId: number) => (await caller.pilots.page({ id: pilotId })).periods;
  const [aPeriods, bPeriods] = [await periodsOf(pilotA.id), await periodsOf(pilotB.id)];
  const save = (periodId: number, entries: Record<string, unknown>[]) =>
    caller.results.savePeriod({ periodId, enteredBy: "Test", entries: entries.map((e) => ({ expectedVersion: null, ...e })) as never });
  await save(aPeriods[0]!.id, [
    { indicatorId: a.migrants.id, value: 25 },
    { indicatorId: a.injection.id, value: 1 },
    { indicatorId: a.satisfaction.id, value: 9, respondents: 10 },
  ]);
  await save(aPeriods[1]!.id, [
    { indicatorId: a.migrants.id, value: 30 },
    { indicatorId: a.satisfaction.id, value: 7, respondents: 10 },
    { indicatorId: a.mood.id, value: -1.5, respondents: 4, comment: TRICKY_COMMENT },
    { indicatorId: a.stakeholders.id, numerator: 15, denominator: 23 },
  ]);
  await save(aPeriods[2]!.id, [{ indicatorId: a.migrants.id, value: 20 }]);
  await save(bPeriods[0]!.id, [
    { indicatorId: b.migrants.id, value: 150 },
    { indicatorId: b.satisfaction.id, value: 6, respondents: 30, comment: "Explained." },
    { indicatorId: b.stakeholders.id, numerator: 5, denominator: 7 },
  ]);
  return { projectId: project.id, pilotA: pilotA.id, pilotB: pilotB.id, aPeriods, bPeriods };
}

let cookie: string;
beforeEach(async () => {
  running = await startTestServer();
  fixture = await createProject(callerFor(running.db));
  cookie = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.administrator);
});
afterEach(() => running.stop());

async function download(path: string) {
  const response = await fetch(`${running.baseUrl}${path}`, { headers: { cookie } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function workbookFrom(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Rows as arrays of cells (1-based like Excel), keyed by the text in `keyColumn`. */
function rowsByKey(sheet: ExcelJS.Worksheet, keyColumn: number, firstDataRow: number) {
  const rows = new Map<string, ExcelJS.Row>();
  sheet.eachRow((row, number) => {
    if (number >= firstDataRow) rows.set(String(row.getCell(keyColumn).value), row);
  });
  return rows;
}

function coverValue(workbook: ExcelJS.Workbook, label: string) {
  const cover = workbook.getWorksheet("About")!;
  let found: ExcelJS.Cell | undefined;
  cover.eachRow((row) => {
    if (row.getCell(1).value === label) found = row.getCell(2);
  });
  return found!;
}

describe("the pilot indicator table in the final-report layout", () => {
  it("reads back from XLSX with numbers, percentages and dates as real types", async () => {
    const { response, bytes } = await download(`/api/exports/tables/indicators.xlsx?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&asOf=2021-09-30`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="indicators-project-${fixture.projectId}-2021-09-30.xlsx"`);
    const workbook = await workbookFrom(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["About", "Quantitative indicators", "Qualitative indicators", "Reference sheets"]);

    const cover = coverValue(workbook, "Results as at");
    expect(cover.value).toEqual(new Date("2021-09-30T00:00:00Z"));
    expect(cover.numFmt).toBe("yyyy-mm-dd");
    expect(coverValue(workbook, "Pilots").value).toBe("Pilot Alpha");
    expect(coverValue(workbook, "Statuses").value).toBe("All");

    const quantitative = workbook.getWorksheet("Quantitative indicators")!;
    expect((quantitative.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Indicator",
      "Unit",
      "Baseline",
      "Original goal",
      "Current result",
      "95% interval",
      "% of goal",
      "Status",
      "Comments",
      "Goal as written",
      "Reported up to",
      "Signals",
      "Current goal",
      "Goal revision",
    ]);
    expect(quantitative.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 0 });
    expect(quantitative.getColumn(1).width).toBe(50);
    const migrants = rowsByKey(quantitative, 1, 2).get("Migrants involved")!;
    expect(migrants.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(migrants.getCell(4).value).toBe(100);
    expect(migrants.getCell(5).value).toBe(75);
    // A count has no interval (its cell stays empty); the % of goal follows.
    expect(migrants.getCell(6).value).toBeNull();
    expect(migrants.getCell(7).value).toBeCloseTo(0.75, 9);
    expect(migrants.getCell(7).numFmt).toBe("0.00%");
    expect(migrants.getCell(11).type).toBe(ExcelJS.ValueType.Date);
    expect(migrants.getCell(11).value).toEqual(new Date("2021-09-30T00:00:00Z"));
    expect(migrants.getCell(11).numFmt).toBe("yyyy-mm-dd");

    // A name that looks like a formula stays text; Excel would otherwise run them.
    const injected = rowsByKey(quantitative, 1, 2).get(`'${INJECTION}`)!;
    expect(injected.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(injected.getCell(8).value).toBe("Not reported");

    const qualitative = rowsByKey(workbook.getWorksheet("Qualitative indicators")!, 1, 2);
    const mood = qualitative.get("Mood balance")!;
    expect(mood.getCell(3).value).toBe(-2);
    expect(mood.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(mood.getCell(5).value).toBe(-1.5);
    expect(mood.getCell(8).value).toBe("Underperforming");
    const stakeholders = qualitative.get("Stakeholders involved")!;
    expect(stakeholders.getCell(2).value).toBe("%");
    expect(stakeholders.getCell(4).value).toBeCloseTo(0.6, 9);
    expect(stakeholders.getCell(4).numFmt).toBe("0.00%");
    expect(stakeholders.getCell(5).value).toBeCloseTo(15 / 23, 6);
    expect(stakeholders.getCell(5).numFmt).toBe("0.00%");
    // 15 of 23: the 95 % interval beside the value, and the note that 60 % lies inside it.
    expect(stakeholders.getCell(6).value).toBe("≈45–81%");
    expect(String(stakeholders.getCell(12).value)).toContain("the difference from the goal is not conclusive");
    expect(stakeholders.getCell(7).value).toBeCloseTo(15 / 23 / 0.6, 6);
  });

  it("comes as a zip of UTF-8 CSV files with a byte-order mark, one per section, safe from formulas", async () => {
    const { response, bytes } = await download(`/api/exports/tables/indicators.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&asOf=2021-09-30`);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toContain(".zip");
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).sort()).toEqual(["1-quantitative-indicators.csv", "2-qualitative-indicators.csv", "3-reference-sheets.csv", "about.csv"]);
    const read = async (name: string) => {
      const raw = await zip.file(name)!.async("nodebuffer");
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return raw.subarray(3).toString("utf8");
    };
    const quantitative = await read("1-quantitative-indicators.csv");
    const lines = quantitative.split("\r\n");
    expect(lines[0]).toBe(
      "Indicator,Unit,Baseline,Original goal,Current result,95% interval,% of goal,Status,Comments,Goal as written,Reported up to,Signals,Current goal,Goal revision",
    );
    expect(lines[1]).toBe("Migrants involved,people,0,100,75,,75%,On track,,at least 100 people,30/09/2021,,100,");
    // The formula text gets an apostrophe and, holding quotes and a comma, is quoted with doubled quotes.
    expect(quantitative).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",events,0,4,1,,25%,`);
    const qualitative = await read("2-qualitative-indicators.csv");
    // Negative numbers stay plain numbers; a score's unit carries its scale; the comment that starts with nothing odd is quoted for its comma and line break.
    expect(qualitative).toContain(`Mood balance,points (-5–5),-2,2,-1.5,,-75%,Underperforming,"Quarter 2 (Apr 2021 – Jun 2021): ${TRICKY_COMMENT.replace(/"/g, '""')}"`);
    expect(qualitative).toContain("Stakeholders involved,%,0%,60%,65.22%,≈45–81%,108.7%,Achieved");
    expect(await read("about.csv")).toContain("Results as at,30/09/2021");
  });

  it("keeps only the chosen statuses", async () => {
    const doc = await callerFor(running.db).exports.document({ table: "indicators", projectId: fixture.projectId, asOf: "2021-09-30", statuses: ["underperforming"] });
    const [quantitative, qualitative, reference] = doc.sections;
    const names = [quantitative!, qualitative!].flatMap((s) => s.rows.map((r) => r[1]));
    expect(names).toEqual([{ t: "text", v: "Mood balance" }]);
    // The reference sheets list the same indicators.
    expect(reference!.rows.map((r) => r[1])).toEqual([{ t: "text", v: "Mood balance" }]);
    expect(doc.filters.find((f) => f.label === "Statuses")!.value).toEqual({ t: "text", v: "Underperforming" });
  });
});

describe("the indicator performance tracking table", () => {
  it("has periods as column groups with target, result, cumulative result and % of goal", async () => {
    const { bytes } = await download(`/api/exports/tables/tracking.xlsx?projectId=${fixture.projectId}&asOf=2021-09-30`);
    const workbook = await workbookFrom(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["About", "Pilot Alpha", "Pilot Beta"]);
    const sheet = workbook.getWorksheet("Pilot Alpha")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2, xSplit: 3 });
    expect(sheet.getCell("D1").value).toBe("Quarter 1 (Jan 2021 – Mar 2021)");
    expect(sheet.getCell("G1").isMerged).toBe(true);
    expect(sheet.getCell("H1").value).toBe("Quarter 2 (Apr 2021 – Jun 2021)");
    expect((sheet.getRow(2).values as unknown[]).slice(4, 8)).toEqual(["Target to date", "Result", "Cumulative result", "% of goal"]);
    expect(sheet.getCell("T2").value).toBe("Life-of-pilot goal");
    expect(sheet.getCell("U2").value).toBe("Current status");
    const migrants = rowsByKey(sheet, 2, 3).get("Migrants involved")!;
    // Quarter 2 ends on day 181 of 365: the target to date is 100 × 181 / 365.
    expect(migrants.getCell(8).value).toBeCloseTo((100 * 181) / 365, 9);
    expect(migrants.getCell(9).value).toBe(30);
    expect(migrants.getCell(10).value).toBe(55);
    expect(migrants.getCell(11).value).toBeCloseTo(0.55, 9);
    expect(migrants.getCell(11).numFmt).toBe("0.00%");
    // Quarter 4 has not started by the date: no result, but its target is there.
    expect(migrants.getCell(17).value).toBeNull();
    expect(migrants.getCell(16).value).toBe(100);
    expect(migrants.getCell(20).value).toBe(100);
    expect(migrants.getCell(21).value).toBe("On track");
    const satisfaction = rowsByKey(sheet, 2, 3).get("Satisfaction")!;
    expect(satisfaction.getCell(10).value).toBe(8);
  });

  it("shows only the periods of the chosen range, one CSV file for one pilot", async () => {
    const { response, bytes } = await download(
      `/api/exports/tables/tracking.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&periodFrom=2021-04-01&periodTo=2021-06-30`,
    );
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      "Code,Indicator,Unit,Quarter 2 (Apr 2021 – Jun 2021) – Target to date,Quarter 2 (Apr 2021 – Jun 2021) – Result,Quarter 2 (Apr 2021 – Jun 2021) – Cumulative result,Quarter 2 (Apr 2021 – Jun 2021) – % of goal,Life-of-pilot goal,Current status,Original goal,Goal revision",
    );
    // Cumulative over every period, even those outside the range; as at the range's last day.
    expect(lines[1]).toBe("MIG,Migrants involved,people,49.59,30,55,55%,100,On track,,");
  });
});

describe("the project roll-up", () => {
  it("lists every pilot's indicators and totals the shared codes by their measure", async () => {
    const { bytes } = await download(`/api/exports/tables/rollup.xlsx?projectId=${fixture.projectId}&asOf=2021-09-30`);
    const workbook = await workbookFrom(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["About", "Pilots' indicators", "Totals by shared code"]);
    const pilotsSheet = workbook.getWorksheet("Pilots' indicators")!;
    expect(pilotsSheet.rowCount).toBe(1 + 5 + 3);
    const totals = rowsByKey(workbook.getWorksheet("Totals by shared code")!, 1, 2);
    expect([...totals.keys()]).toEqual(["MIG", "SAT", "STK"]);
    const migrants = totals.get("MIG")!;
    expect(migrants.getCell(2).value).toBe("Migrants involved\nMigrants reached");
    expect(migrants.getCell(7).value).toBe("Sum of the pilots' results");
    expect(migrants.getCell(11).value).toBe(400);
    expect(migrants.getCell(12).value).toBe(225);
    expect(migrants.getCell(13).value).toBeCloseTo(225 / 400, 9);
    expect(migrants.getCell(13).numFmt).toBe("0.00%");
    const satisfaction = totals.get("SAT")!;
    expect(satisfaction.getCell(7).value).toBe("Mean weighted by respondents");
    expect(satisfaction.getCell(8).value).toBe(50);
    expect(satisfaction.getCell(12).value).toBeCloseTo((9 * 10 + 7 * 10 + 6 * 30) / 50, 9);
    const stakeholders = totals.get("STK")!;
    expect([stakeholders.getCell(9).value, stakeholders.getCell(10).value]).toEqual([20, 30]);
    expect(stakeholders.getCell(12).value).toBeCloseTo(20 / 30, 9);
    expect(stakeholders.getCell(12).numFmt).toBe("0.00%");
  });

  it("lists only the codes with a row of the chosen status, but totals every pilot", async () => {
    const doc = await callerFor(running.db).exports.document({ table: "rollup", projectId: fixture.projectId, asOf: "2021-09-30", statuses: ["on_track"] });
    const [pilotRows, totalRows] = doc.sections.map((s) => s.rows);
    expect(pilotRows!.map((r) => [r[0], r[2], r[8]])).toEqual([
      [
        { t: "text", v: "Pilot Alpha" },
        { t: "text", v: "Migrants involved" },
        { t: "text", v: "On track" },
      ],
    ]);
    expect(totalRows!.map((r) => [r[0], r[11]])).toEqual([
      [
        { t: "text", v: "MIG" },
        { t: "number", v: 225 },
      ],
    ]);
  });

  it("comes as a zip of CSV files", async () => {
    const { bytes } = await download(`/api/exports/tables/rollup.csv?projectId=${fixture.projectId}&asOf=2021-09-30`);
    const zip = await JSZip.loadAsync(bytes);
    const totals = (await zip.file("2-totals-by-shared-code.csv")!.async("string")).replace(/^\uFEFF/, "");
    expect(totals.split("\r\n")[2]).toMatch(/^SAT,Satisfaction,Score,grade,2,2,Mean weighted by respondents,50,,,8,6\.8,85%,,$/);
  });
});

describe("exports in the reader's language", () => {
  it("writes an Italian CSV: semicolons, translated headings and words, 65,22 %, 30/09/2021", async () => {
    const { response, bytes } = await download(`/api/exports/tables/indicators.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&asOf=2021-09-30&lang=it`);
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(bytes);
    // File names are built from the translated section names.
    expect(Object.keys(zip.files).sort()).toEqual(["1-indicatori-quantitativi.csv", "2-indicatori-qualitativi.csv", "3-schede-di-riferimento.csv", "about.csv"]);
    const read = async (name: string) => {
      const raw = await zip.file(name)!.async("nodebuffer");
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return raw.subarray(3).toString("utf8").split("\r\n");
    };
    const quantitative = await read("1-indicatori-quantitativi.csv");
    expect(quantitative[0]).toBe(
      "Indicatore;Unità;Valore di partenza;Obiettivo originale;Risultato attuale;Intervallo al 95%;% dell'obiettivo;Stato;Commenti;Obiettivo come scritto;Rendicontato fino al;Segnali;Obiettivo attuale;Revisione dell'obiettivo",
    );
    // Names stay as typed; the status and the described goal are in Italian.
    expect(quantitative[1]).toBe("Migrants involved;people;0;100;75;;75 %;In linea;;at least 100 people".replace("at least", "almeno") + ";30/09/2021;;100;");
    const qualitative = (await read("2-indicatori-qualitativi.csv")).join("\n");
    // 15 of 23 stakeholders: 65,22 %; the negative score keeps its decimal comma.
    expect(qualitative).toContain("Stakeholders involved;%;0 %;60 %;65,22 %;≈45–81\u00a0%;108,7 %;Raggiunto");
    expect(qualitative).toContain("Mood balance;points (-5–5);-2;2;-1,5;;-75 %;Sotto le attese;");
    const about = (await read("about.csv")).join("\n");
    expect(about).toContain("Esportazione;Tabella degli indicatori: Pilot Alpha");
    expect(about).toContain("Risultati alla data del;30/09/2021");
  });

  it("writes a German CSV with 30.09.2021, and takes the language from the account when the link names none", async () => {
    const german = await download(`/api/exports/tables/tracking.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&periodFrom=2021-04-01&periodTo=2021-06-30&lang=de`);
    const lines = german.bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toMatch(
      /^Code;Indikator;Einheit;.+ – Soll bis heute;.+ – Ergebnis;.+ – Kumuliertes Ergebnis;.+ – % des Ziels;Ziel für die gesamte Laufzeit;Aktueller Status;Ursprüngliches Ziel;Änderung des Ziels$/,
    );
    expect(lines[1]).toBe("MIG;Migrants involved;people;49,59;30;55;55 %;100;Im Plan;;");
    const indicators = await download(`/api/exports/tables/indicators.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&asOf=2021-09-30&lang=de`);
    const zip = await JSZip.loadAsync(indicators.bytes);
    expect(await zip.file("1-quantitative-indikatoren.csv")!.async("string")).toContain(";75 %;Im Plan;;mindestens 100 people;30.09.2021");

    // A download link without `lang` follows the account's language (then the browser's).
    // (As the language switch does through auth.setLanguage, for the signed-in administrator.)
    running.db.$client.prepare("UPDATE users SET language = 'it' WHERE email = ?").run(DEMO_ACCOUNTS.administrator);
    const byAccount = await download(`/api/exports/tables/tracking.csv?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&periodFrom=2021-04-01&periodTo=2021-06-30`);
    expect(byAccount.bytes.subarray(3).toString("utf8").split("\r\n")[1]).toBe("MIG;Migrants involved;people;49,59;30;55;55 %;100;In linea;;");
  });

  it("keeps real numbers in an Italian XLSX, with translated sheets and headings", async () => {
    const { bytes } = await download(`/api/exports/tables/indicators.xlsx?projectId=${fixture.projectId}&pilotIds=${fixture.pilotA}&asOf=2021-09-30&lang=it`);
    const workbook = await workbookFrom(bytes);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Informazioni", "Indicatori quantitativi", "Indicatori qualitativi", "Schede di riferimento"]);
    const sheet = workbook.getWorksheet("Indicatori qualitativi")!;
    expect(sheet.getRow(1).getCell(6).value).toBe("Intervallo al 95%");
    expect(sheet.getRow(1).getCell(7).value).toBe("% dell'obiettivo");
    let stakeholders: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "Stakeholders involved") stakeholders = row;
    });
    // A number the spreadsheet formats in its own locale, not the text "65,22 %".
    expect(stakeholders!.getCell(5).type).toBe(ExcelJS.ValueType.Number);
    expect(stakeholders!.getCell(5).value).toBeCloseTo(15 / 23, 6);
    expect(stakeholders!.getCell(5).numFmt).toBe("0.00%");
    expect(stakeholders!.getCell(6).value).toBe("≈45–81\u00a0%");
    expect(stakeholders!.getCell(8).value).toBe("Raggiunto");
    expect(stakeholders!.getCell(11).value).toBeInstanceOf(Date);
    expect(stakeholders!.getCell(11).numFmt).toBe("yyyy-mm-dd");
  });

  it("refuses bad filters in the reader's language", async () => {
    const bad = await download(`/api/exports/tables/tracking.xlsx?projectId=${fixture.projectId}&periodFrom=2021-06-01&periodTo=2021-01-01&lang=it`);
    expect(bad.response.status).toBe(400);
    expect(bad.bytes.toString()).toBe("Alcuni filtri non sono validi: periodTo: La data di fine è precedente alla data di inizio.");
  });
});

describe("choosing a reporting period", () => {
  it("offers the pilots' periods once each, with their labels", async () => {
    const caller = callerFor(running.db);
    const all = await caller.exports.periodChoices({ projectId: fixture.projectId });
    expect(all.map((p) => p.label)).toEqual([
      "Quarter 1 (Jan 2021 – Mar 2021)",
      "Quarter 2 (Apr 2021 – Jun 2021)",
      "Quarter 3 (Jul 2021 – Sep 2021)",
      "Quarter 4 (Oct 2021 – Dec 2021)",
    ]);
    expect(all[1]).toEqual({ startDate: "2021-04-01", endDate: "2021-06-30", label: "Quarter 2 (Apr 2021 – Jun 2021)" });
    expect(await caller.exports.periodChoices({ projectId: fixture.projectId, pilotIds: [fixture.pilotB] })).toHaveLength(2);
  });
});

describe("export filters at the boundary", () => {
  it("refuses bad filters with a plain message", async () => {
    const bad = await download(`/api/exports/tables/tracking.xlsx?projectId=${fixture.projectId}&statuses=fine`);
    expect(bad.response.status).toBe(400);
    expect(bad.bytes.toString()).toMatch(/^Some filters are not valid: statuses\.0: /);
    const otherProject = await download(`/api/exports/tables/tracking.xlsx?projectId=1&pilotIds=${fixture.pilotA}`);
    expect(otherProject.response.status).toBe(400);
    expect(otherProject.bytes.toString()).toBe("Some of the chosen pilots are not in this project.");
    expect((await download(`/api/exports/tables/tracking.xlsx?projectId=999`)).response.status).toBe(404);
    expect((await download(`/api/exports/tables/audit.xlsx?projectId=1`)).response.status).toBe(404);
    expect((await download(`/api/exports/tables/tracking.pdf?projectId=1`)).response.status).toBe(404);
  });
});
