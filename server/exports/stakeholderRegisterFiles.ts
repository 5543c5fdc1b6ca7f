import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { stakeholderTypeLabels } from "../../shared/domain";
import type { buildRegister } from "../routers/stakeholders";
import { neutraliseFormula } from "./spreadsheetCells";

type Register = ReturnType<typeof buildRegister>;

/**
 * One row per stakeholder and, per period that the register records, "Involved" and "Plans to continue"
 * (yes / no / empty when not recorded), then a summary row with each period's count and share.
 */
function registerTable(register: Register): { header: string[]; rows: (string | number | null)[][]; summary: (string | number | null)[] } {
  const periods = register.periods.filter((p) => p.entries.length > 0);
  const header = ["Organisation", "Type", "Contact", "Notes", "Archived", ...periods.flatMap((p) => [`${p.label}: involved`, `${p.label}: plans to continue`])];
  const rows = register.stakeholders.map((s) => [
    s.organisation,
    stakeholderTypeLabels[s.type],
    s.contact,
    s.notes,
    s.archivedAt ? s.archivedAt.slice(0, 10) : "",
    ...periods.flatMap((p) => {
      const entry = p.entries.find((e) => e.stakeholderId === s.id);
      return entry ? [entry.involved ? "yes" : "no", entry.plansToContinue ? "yes" : "no"] : [null, null];
    }),
  ]);
  const summary = [
    "Involved and continuing, of mapped",
    "",
    "",
    "",
    "",
    ...periods.flatMap((p) => [`${p.share.numerator} of ${p.share.denominator}`, p.share.percentage === null ? null : Math.round(p.share.percentage * 100) / 100]),
  ];
  return { header, rows, summary };
}

export function stakeholderRegisterCsv(register: Register): string {
  const { header, rows, summary } = registerTable(register);
  const cell = (v: string | number | null) => (v === null ? "" : typeof v === "number" ? String(v) : neutraliseFormula(v));
  return "\uFEFF" + stringify([header, ...rows.map((r) => r.map(cell)), summary.map(cell)], { record_delimiter: "\r\n" });
}

export async function stakeholderRegisterXlsx(register: Register): Promise<Buffer> {
  const { header, rows, summary } = registerTable(register);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pilot Monitor";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet("Stakeholder register", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = header.map((h, i) => ({ header: h, width: i === 0 ? 44 : i === 3 ? 50 : 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === "string" ? neutraliseFormula(v) : v))).alignment = { vertical: "top", wrapText: true };
  const total = sheet.addRow(summary);
  total.font = { bold: true };
  const linked = register.linkedIndicators.map((i) => i.name).join(", ");
  sheet.addRow([]);
  sheet.addRow([`Pilot: ${register.pilot.title}`]);
  sheet.addRow([linked ? `Computes: ${linked} (involved and planning to continue, of the stakeholders recorded in the period; the last cell of each period is the %).` : "No indicator is linked to this register."]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
