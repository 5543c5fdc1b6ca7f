import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
let headers: { cookie: string };
beforeEach(async () => {
  running = await startTestServer();
  headers = { cookie: await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.administrator) };
});
afterEach(() => running.stop());

async function lusernaId() {
  const { pilots } = await callerFor(running.db).portfolio.summary();
  return pilots.find((p) => p.title.startsWith("HOME"))!.id;
}

describe("the stakeholder register export", () => {
  it("downloads as CSV: 23 stakeholders, then 15 of 23 (65.22 %)", async () => {
    const response = await fetch(`${running.baseUrl}/api/exports/pilots/${await lusernaId()}/stakeholders.csv`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("Organisation,Type,Contact,Notes,Archived,Whole pilot (Sep 2020 – Sep 2021): involved,Whole pilot (Sep 2020 – Sep 2021): plans to continue");
    expect(lines).toHaveLength(1 + 23 + 1);
    expect(lines.filter((l) => l.endsWith(",yes,yes"))).toHaveLength(15);
    expect(lines.at(-1)).toBe('"Involved and continuing, of mapped",,,,,15 of 23,65.22%');
  });

  it("downloads as CSV in Italian: translated headings and words, semicolons, 65,22 %", async () => {
    const response = await fetch(`${running.baseUrl}/api/exports/pilots/${await lusernaId()}/stakeholders.csv?lang=it`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toMatch(/^Organizzazione;Tipo;Contatto;Note;Archiviato;.+: coinvolto;.+: intende proseguire$/);
    expect(lines.filter((l) => l.endsWith(";sì;sì"))).toHaveLength(15);
    expect(lines.at(-1)).toBe("Coinvolti e intenzionati a proseguire, sul totale mappato;;;;;15 su 23;65,22 %");
  });

  it("downloads as XLSX with the same table", async () => {
    const response = await fetch(`${running.baseUrl}/api/exports/pilots/${await lusernaId()}/stakeholders.xlsx`, { headers });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("Stakeholder register")!;
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0]!.slice(1, 3)).toEqual(["Organisation", "Type"]);
    const summary = rows[24]!;
    // The share stays a number (a fraction) that the spreadsheet shows as a percentage.
    expect(summary[6]).toBe("15 of 23");
    expect(summary[7]).toBeCloseTo(15 / 23, 6);
    expect(sheet.getRow(25).getCell(7).numFmt).toBe("0.00%");
  });

  it("refuses an unknown format or pilot", async () => {
    expect((await fetch(`${running.baseUrl}/api/exports/pilots/1/stakeholders.pdf`, { headers })).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/api/exports/pilots/999/stakeholders.csv`, { headers })).status).toBe(404);
  });
});
