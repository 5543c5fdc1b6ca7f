import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerAs, callerFor, DEMO_ACCOUNTS, DEMO_TODAY } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;
/** The evaluator's session: the downloads are theirs. */
let headers: { cookie: string };

beforeEach(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
  headers = { cookie: await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.evaluator) };
});
afterEach(() => running.stop());

async function lusernaId() {
  const { pilots } = await callerAs(running.db, DEMO_ACCOUNTS.evaluator).portfolio.summary();
  return pilots.find((p) => p.title.startsWith("HOME"))!.id;
}

describe("the evaluator's indicator table", () => {
  it("downloads as XLSX with numbers as numbers and % of goal as a percentage", async () => {
    const response = await fetch(`${baseUrl}/api/exports/pilots/${await lusernaId()}/indicator-table.xlsx`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`indicators-pilot-1-${DEMO_TODAY}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["About", "Quantitative indicators", "Qualitative indicators"]);
    const quantitative = workbook.getWorksheet("Quantitative indicators")!;
    const header = (quantitative.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Section",
      "Code",
      "Indicator",
      "Unit",
      "Original goal",
      "Goal (number)",
      "Current result",
      "95% interval",
      "% of goal",
      "Status",
      "Comments",
      "Signals",
      "Definition",
      "Data source",
      "Collection method",
      "Frequency of collection",
      "Responsible person",
      "Means of verification (evidence expected)",
      "Periods with evidence",
      "Periods missing evidence",
    ]);
    const rows = quantitative.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(7);
    const hours = rows.find((r) => r[3] === "Number of tutoring hours for helpdesk operators/organizations")!;
    expect(hours[6]).toBe(400);
    expect(hours[7]).toBe(405);
    expect(hours[9]).toBeCloseTo(1.0125, 6);
    expect(quantitative.getColumn(9).numFmt).toBe("0.00%");
    const migrants = rows.find((r) => r[3] === "Number of tutoring hours for migrants")!;
    expect(migrants[10]).toBe("At risk");
    const qualitative = workbook.getWorksheet("Qualitative indicators")!.getSheetValues().slice(2) as unknown[][];
    const involvement = qualitative.find((r) => r[3] === "Level of stakeholders' involvement")!;
    // A percentage indicator's result is a percentage too: the fraction with a % format, as in the Exports page's XLSX.
    expect(involvement[7]).toBeCloseTo(0.652174, 5);
    expect(involvement[6]).toBeCloseTo(0.6, 6);
    // 15 of 23: the 95 % interval beside the value, and why 65 % against 60 % is not conclusive.
    expect(involvement[8]).toBe("≈45–81%");
    expect(involvement[12]).toContain("the goal lies inside it, so the difference from the goal is not conclusive");
    expect(involvement[5]).toContain("min 60%");
  });

  it("downloads as CSV in UTF-8 with a byte-order mark, quantitative rows first", async () => {
    const response = await fetch(`${baseUrl}/api/exports/pilots/${await lusernaId()}/indicator-table.csv?asOf=2021-10-01`, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "Section,Code,Indicator,Unit,Original goal,Goal (number),Current result,95% interval,% of goal,Status,Comments,Signals,Definition,Data source,Collection method,Frequency of collection,Responsible person,Means of verification (evidence expected),Periods with evidence,Periods missing evidence",
    );
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe("Quantitative,,Number of tutoring hours for helpdesk operators/organizations,hours,at least 400 hours,400,405,,101.25%,Achieved,,,,,,,,,0,0");
    expect(text).toContain("60%,65.22%,≈45–81%,108.7%,Achieved");
  });

  it("downloads as CSV in Italian and German when the page asks for it: 65,22 and 101,25 %, semicolons", async () => {
    const read = async (lang: string) => {
      const response = await fetch(`${baseUrl}/api/exports/pilots/${await lusernaId()}/indicator-table.csv?asOf=2021-10-01&lang=${lang}`, { headers });
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return new TextDecoder().decode(bytes.slice(3)).trim().split("\r\n");
    };
    const italian = await read("it");
    expect(italian[0]).toBe(
      "Sezione;Codice;Indicatore;Unità;Obiettivo originale;Obiettivo (numero);Risultato attuale;Intervallo al 95%;% dell'obiettivo;Stato;Commenti;Segnali;Definizione;Fonte dei dati;Metodo di raccolta;Frequenza di raccolta;Responsabile;Mezzi di verifica (prova attesa);Periodi con prova;Periodi senza la prova richiesta",
    );
    expect(italian[1]).toBe("Quantitativo;;Number of tutoring hours for helpdesk operators/organizations;hours;almeno 400 hours;400;405;;101,25 %;Raggiunto;;;;;;;;;0;0");
    expect(italian.join("\n")).toContain(";60 %;65,22 %;≈45–81\u00a0%;108,7 %;Raggiunto");
    const german = await read("de");
    expect(german[1]).toBe("Quantitativ;;Number of tutoring hours for helpdesk operators/organizations;hours;mindestens 400 hours;400;405;;101,25 %;Erreicht;;;;;;;;;0;0");
  });

  it("keeps numbers in the XLSX whatever the language, with translated headings", async () => {
    const response = await fetch(`${baseUrl}/api/exports/pilots/${await lusernaId()}/indicator-table.xlsx?asOf=2021-10-01&lang=de`, { headers });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Info", "Quantitative Indikatoren", "Qualitative Indikatoren"]);
    const sheet = workbook.getWorksheet("Quantitative Indikatoren")!;
    expect(sheet.getRow(1).getCell(8).value).toBe("95-%-Intervall");
    expect(sheet.getRow(1).getCell(9).value).toBe("% des Ziels");
    expect(sheet.getRow(2).getCell(7).value).toBe(405);
    expect(sheet.getRow(2).getCell(9).value).toBeCloseTo(405 / 400, 9);
    expect(sheet.getRow(2).getCell(9).numFmt).toBe("0.00%");
  });

  it("exports every pilot of a project with pilot columns, and neutralises formula-looking text", async () => {
    const caller = callerFor(running.db);
    const { pilots } = await caller.portfolio.summary();
    const fictional = pilots.find((p) => p.isFictional)!;
    await caller.indicators.create({ pilotId: fictional.id, name: '=HYPERLINK("http://evil")', kind: "quantitative", measure: "count", goal: 10 });
    const response = await fetch(`${baseUrl}/api/exports/projects/${fictional.projectId}/indicator-table.csv`, { headers });
    const text = await response.text();
    expect(text).toContain("'=HYPERLINK");
    expect(text.split("\r\n")[0]).toMatch(/^Project,Pilot,Section/); // fetch strips the byte-order mark
  });

  it("answers a missing pilot or a bad date with a clear status and message", async () => {
    const admin = { cookie: await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.administrator) };
    const missing = await fetch(`${baseUrl}/api/exports/pilots/999/indicator-table.xlsx`, { headers: admin });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("The pilot was not found.");
    // Anybody else cannot tell a missing pilot from somebody else's.
    expect((await fetch(`${baseUrl}/api/exports/pilots/999/indicator-table.xlsx`, { headers })).status).toBe(403);
    const badDate = await fetch(`${baseUrl}/api/exports/pilots/1/indicator-table.csv?asOf=yesterday`, { headers });
    expect(badDate.status).toBe(400);
  });

  it("is refused without a session, and to a coordinator for another pilot or the whole project", async () => {
    const fictional = (await callerFor(running.db).portfolio.summary()).pilots.find((p) => p.isFictional)!;
    const url = `${baseUrl}/api/exports/pilots/${fictional.id}/indicator-table.csv`;
    expect((await fetch(url)).status).toBe(401);
    const luca = { cookie: await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.lusernaCoordinator) };
    expect((await fetch(url, { headers: luca })).status).toBe(403);
    const maria = { cookie: await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.coordinator) };
    expect((await fetch(url, { headers: maria })).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/exports/projects/${fictional.projectId}/indicator-table.csv`, { headers: maria })).status).toBe(403);
  });

  it("exports a pilot's audit trail as a readable CSV: one row per changed field, in the reader's language, to nobody outside the pilot", async () => {
    const maria = callerAs(running.db, DEMO_ACCOUNTS.coordinator);
    const pilot = (await maria.pilots.list())[0]!;
    const period = (await maria.pilots.page({ id: pilot.id })).periods.find((p) => p.hasStarted && !p.isDue)!;
    const form = await maria.results.periodForm({ periodId: period.id });
    // Any count typed by hand that has no value yet this quarter: the test is about the trail, not the figure.
    const hours = form.indicators.find((i) => i.indicator.measure === "count" && !i.indicator.fromStakeholderRegister && !i.existing)!.indicator;
    await maria.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    await maria.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 74.5 }] });
    const resultId = (await maria.results.periodForm({ periodId: period.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    await maria.history.addComment({ resultId, body: '=HYPERLINK("http://evil.example","click")' });

    const response = await fetch(`${baseUrl}/api/exports/pilots/${pilot.id}/history.csv`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="history-pilot-${pilot.id}.csv"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.toString("utf8").slice(1), { delimiter: "," }).data.filter((r) => r.length > 1);
    expect(rows[0]).toEqual(["When (UTC)", "Who", "Record", "Record id", "Indicator", "Period", "Action", "Field", "Before", "After"]);
    const label = period.label;
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ["Maria Rossi (fictional)", "result", String(resultId), hours.name, label, "created", "value", "", "70"],
      ["Maria Rossi (fictional)", "result", String(resultId), hours.name, label, "changed", "value", "70", "74.5"],
      [
        "Maria Rossi (fictional)",
        "comment on a result",
        expect.stringMatching(/^\d+$/),
        hours.name,
        "",
        "comment added",
        "comment",
        "",
        `'=HYPERLINK("http://evil.example","click")`,
      ],
    ]);
    expect(rows[1]![0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);

    // In German: the headings, kinds, actions and field names translated, numbers with a decimal comma, semicolons.
    const german = await (await fetch(`${baseUrl}/api/exports/pilots/${pilot.id}/history.csv?lang=de`, { headers })).text();
    const germanRows = Papa.parse<string[]>(german.replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(germanRows[0]).toEqual(["Wann (UTC)", "Wer", "Datensatz", "Datensatz-ID", "Indikator", "Zeitraum", "Aktion", "Feld", "Vorher", "Nachher"]);
    expect(germanRows[2]!.slice(2, 3).concat(germanRows[2]!.slice(6))).toEqual(["Ergebnis", "geändert", "Wert", "70", "74,5"]);
    expect(germanRows[2]![0]).toMatch(/^\d{2}\.\d{2}\.\d{4} /);

    const luca = { cookie: await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.lusernaCoordinator) };
    expect((await fetch(`${baseUrl}/api/exports/pilots/${pilot.id}/history.csv`, { headers: luca })).status).toBe(403);
    const notAnId = await fetch(`${baseUrl}/api/exports/pilots/abc/history.csv`, { headers });
    expect([notAnId.status, await notAnId.text()]).toEqual([400, "Not a valid id."]);
  });
});
