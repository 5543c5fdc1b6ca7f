import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import type { IndicatorTable, IndicatorTableRow } from "../services/indicatorTable";
import { neutraliseFormula } from "./spreadsheetCells";

interface Column {
  header: string;
  width: number;
  value: (row: IndicatorTableRow) => string | number | null;
  numFmt?: string;
}

/** Marks a plain number column: whole numbers show as 1,234 and fractions as 8.60. */
const NUMBER = "number";

const sectionTitles = { quantitative: "Quantitative indicators", qualitative: "Qualitative indicators" } as const;

function columnsFor(includePilot: boolean): Column[] {
  const pilotColumns: Column[] = includePilot
    ? [
        { header: "Project", width: 24, value: (r) => r.projectName },
        { header: "Pilot", width: 36, value: (r) => r.pilotTitle },
      ]
    : [];
  return [
    ...pilotColumns,
    { header: "Section", width: 14, value: (r) => (r.kind === "quantitative" ? "Quantitative" : "Qualitative") },
    { header: "Code", width: 10, value: (r) => r.code ?? "" },
    { header: "Indicator", width: 50, value: (r) => r.name },
    { header: "Unit", width: 14, value: (r) => r.unit },
    { header: "Original goal", width: 28, value: (r) => r.goalText },
    { header: "Goal (number)", width: 12, value: (r) => r.goal, numFmt: NUMBER },
    { header: "Current result", width: 14, value: (r) => r.current, numFmt: NUMBER },
    { header: "% of goal", width: 11, value: (r) => r.fractionOfGoal, numFmt: "0.0%" },
    { header: "Status", width: 16, value: (r) => r.statusLabel },
    { header: "Comments", width: 60, value: (r) => r.comments },
  ];
}

export function indicatorTableCsv(table: IndicatorTable, includePilot: boolean): string {
  const columns = columnsFor(includePilot);
  const records = table.rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row);
      if (value === null) return "";
      if (typeof value === "number") return c.numFmt === "0.0%" ? (value * 100).toFixed(1) : String(Math.round(value * 100) / 100);
      return neutraliseFormula(value);
    }),
  );
  const header = columns.map((c) => c.header);
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, "€").
  return "\uFEFF" + stringify([header, ...records], { record_delimiter: "\r\n" });
}

export async function indicatorTableXlsx(table: IndicatorTable, options: { title: string; includePilot: boolean }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pilot Monitor";
  workbook.created = new Date();
  const columns = columnsFor(options.includePilot);

  const cover = workbook.addWorksheet("About");
  cover.columns = [{ width: 22 }, { width: 80 }];
  cover.addRows([
    ["Export", options.title],
    ["Results as at", new Date(`${table.asOf}T00:00:00Z`)],
    ["Created", new Date()],
    ["Rows", table.rows.length],
    ["Status rule", "Counts are compared with the goal pro-rated to the elapsed share of the pilot; scores and percentages with the goal. See docs/decisions/001-status-rule.md."],
  ]);
  cover.getCell("B2").numFmt = "yyyy-mm-dd";
  cover.getCell("B3").numFmt = "yyyy-mm-dd hh:mm";
  cover.getColumn(1).font = { bold: true };

  for (const kind of ["quantitative", "qualitative"] as const) {
    const sheet = workbook.addWorksheet(sectionTitles[kind], { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows.filter((r) => r.kind === kind)) {
      const added = sheet.addRow(columns.map((c) => {
        const value = c.value(row);
        return typeof value === "string" ? neutraliseFormula(value) : value;
      }));
      added.alignment = { vertical: "top", wrapText: true };
      columns.forEach((c, index) => {
        const cell = added.getCell(index + 1);
        if (c.numFmt === NUMBER) cell.numFmt = typeof cell.value === "number" && !Number.isInteger(cell.value) ? "#,##0.00" : "#,##0";
        else if (c.numFmt) cell.numFmt = c.numFmt;
      });
    }
    columns.forEach((c, index) => {
      if (c.numFmt && c.numFmt !== NUMBER) sheet.getColumn(index + 1).numFmt = c.numFmt;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
