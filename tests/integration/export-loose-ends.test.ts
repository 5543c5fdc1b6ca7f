import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

/**
 * Every file the app hands an evaluator, read back as the reader would: no developer paths
 * ("docs/decisions/001-status-rule.md"), no raw timestamps ("2026-11-23T10:04:05.000Z"), Italian
 * plurals right, and percentages stored one way in every XLSX (the fraction with a % format).
 */

let running: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let addresses: string[];

beforeAll(async () => {
  running = await startTestServer();
  cookie = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.evaluator);
  const { pilots } = await callerAs(running.db, DEMO_ACCOUNTS.evaluator).portfolio.summary();
  const projectIds = [...new Set(pilots.map((p) => p.projectId))];
  addresses = [
    ...pilots.flatMap((p) => [
      `/api/exports/pilots/${p.id}/indicator-table.xlsx`,
      `/api/exports/pilots/${p.id}/indicator-table.csv`,
      `/api/exports/pilots/${p.id}/stakeholders.xlsx`,
      `/api/exports/pilots/${p.id}/stakeholders.csv`,
      `/api/exports/pilots/${p.id}/final-report.docx`,
    ]),
    ...projectIds.flatMap((id) => [
      `/api/exports/projects/${id}/indicator-table.xlsx`,
      `/api/exports/projects/${id}/indicator-table.csv`,
      ...["indicators", "tracking", "rollup"].flatMap((table) => [`/api/exports/tables/${table}.xlsx?projectId=${id}`, `/api/exports/tables/${table}.csv?projectId=${id}`]),
    ]),
  ];
});
afterAll(() => running.stop());

interface ReadBack {
  address: string;
  /** Every piece of text a reader sees, one an entry. */
  texts: string[];
  /** XLSX cells formatted as percentages, with their values. */
  percentCells: { sheet: string; value: unknown }[];
}

async function readBack(address: string, language: string): Promise<ReadBack> {
  const separator = address.includes("?") ? "&" : "?";
  const response = await fetch(`${running.baseUrl}${address}${separator}lang=${language}`, { headers: { cookie } });
  expect(response.status, address).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get("content-type") ?? "";
  const result: ReadBack = { address, texts: [], percentCells: [] };
  if (type.includes("spreadsheetml")) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    for (const sheet of workbook.worksheets) {
      result.texts.push(sheet.name);
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === "string") result.texts.push(cell.value);
          if (cell.numFmt?.includes("%")) result.percentCells.push({ sheet: sheet.name, value: cell.value });
        }),
      );
    }
  } else if (type.includes("wordprocessingml")) {
    const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
    result.texts.push(...[...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!));
  } else if (type.includes("zip")) {
    const zip = await JSZip.loadAsync(bytes);
    for (const file of Object.values(zip.files)) result.texts.push(file.name, await file.async("string"));
  } else {
    result.texts.push(bytes.toString("utf8"));
  }
  return result;
}

describe("every export, read back", () => {
  for (const language of ["en", "it", "es", "de"]) {
    it(`in ${language}: cites no developer document, writes no raw timestamp, and stores percentages as fractions`, async () => {
      const everything: string[] = [];
      for (const address of addresses) {
        const file = await readBack(address, language);
        everything.push(...file.texts);
        const all = file.texts.join("\n");
        expect(all.length, address).toBeGreaterThan(0);
        expect(all, `${address}: a developer path`).not.toMatch(/docs\/|decisions\/|\.md\b|\.ts\b/);
        expect(all, `${address}: a raw timestamp`).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
        // A fraction with a % format: 0.52 shows 52 %, 52 would show 5200 %.
        for (const cell of file.percentCells) if (typeof cell.value === "number") expect(Math.abs(cell.value), `${address} ${cell.sheet}`).toBeLessThan(20);
        if (language === "it") expect(all, `${address}: Italian plural`).not.toMatch(/\b(i|dei|ai|tutti i) pilota\b/i);
      }
      // The files were written in the language asked for (the checks above read the reader's words).
      const heading = { en: "Indicator", it: "Indicatore", es: "Indicador", de: "Indikator" }[language]!;
      expect(everything).toContain(heading);
    }, 60_000);
  }
});
