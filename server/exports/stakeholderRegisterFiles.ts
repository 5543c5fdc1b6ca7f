import type { buildRegister } from "../routers/stakeholders";
import { csvLocaleFor, translateFor, XLSX_DATE_FORMAT, XLSX_PERCENT_FORMAT, type Translate } from "./localeCells";
import { createWorkbook, csvFile, formatted, xlsxFile, type CsvCell } from "./fileWriter";

type Register = ReturnType<typeof buildRegister>;

/** A cell of the register table: text, a calendar day, or the share of a period as a fraction (0.6522 is 65.22 %). */
type RegisterCell = string | { day: string } | { share: number } | null;

/**
 * One row per stakeholder and, per period that the register records, "Involved" and "Plans to continue"
 * (yes / no / empty when not recorded), then a summary row with each period's count and share; in the
 * reader's language (organisations, contacts and notes stay as typed).
 */
function registerTable(register: Register, t: Translate): { header: string[]; rows: RegisterCell[][]; summary: RegisterCell[] } {
  const periods = register.periods.filter((p) => p.entries.length > 0);
  const yesNo = (value: boolean) => t(value ? "exportFiles.register.yes" : "exportFiles.register.no");
  const header = [
    t("exportFiles.register.organisation"),
    t("exportFiles.register.type"),
    t("exportFiles.register.contact"),
    t("exportFiles.register.notes"),
    t("exportFiles.register.archived"),
    ...periods.flatMap((p) => [t("exportFiles.register.involved", { period: p.label }), t("exportFiles.register.plansToContinue", { period: p.label })]),
  ];
  const rows = register.stakeholders.map((s): RegisterCell[] => [
    s.organisation,
    t(`labels.stakeholderType.${s.type}`),
    s.contact,
    s.notes,
    s.archivedAt ? { day: s.archivedAt.slice(0, 10) } : "",
    ...periods.flatMap((p) => {
      const entry = p.entries.find((e) => e.stakeholderId === s.id);
      return entry ? [yesNo(entry.involved), yesNo(entry.plansToContinue)] : [null, null];
    }),
  ]);
  const summary: RegisterCell[] = [
    t("exportFiles.register.summary"),
    "",
    "",
    "",
    "",
    ...periods.flatMap((p): RegisterCell[] => [
      t("exportFiles.register.share", { numerator: p.share.numerator, denominator: p.share.denominator }),
      p.share.percentage === null ? null : { share: p.share.percentage / 100 },
    ]),
  ];
  return { header, rows, summary };
}

export function stakeholderRegisterCsv(register: Register, language: string): string {
  const locale = csvLocaleFor(language);
  const { header, rows, summary } = registerTable(register, translateFor(language));
  const cell = (v: RegisterCell): CsvCell => (v === null || typeof v === "string" ? v : formatted("day" in v ? locale.date(v.day) : locale.percent(v.share * 100)));
  return csvFile([header, ...rows.map((r) => r.map(cell)), summary.map(cell)], { delimiter: locale.delimiter });
}

export async function stakeholderRegisterXlsx(register: Register, language: string): Promise<Buffer> {
  const t = translateFor(language);
  const { header, rows, summary } = registerTable(register, t);
  const workbook = createWorkbook();
  const sheet = workbook.addWorksheet(t("exportFiles.register.sheetName"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = header.map((h, i) => ({ header: h, width: i === 0 ? 44 : i === 3 ? 50 : 18 }));
  sheet.getRow(1).font = { bold: true };
  const value = (v: RegisterCell) => (v === null ? null : typeof v === "string" ? v : "day" in v ? new Date(`${v.day}T00:00:00Z`) : v.share);
  for (const row of rows) {
    const added = sheet.addRow(row.map(value));
    added.alignment = { vertical: "top", wrapText: true };
    row.forEach((v, index) => {
      if (v !== null && typeof v === "object" && "day" in v) added.getCell(index + 1).numFmt = XLSX_DATE_FORMAT;
    });
  }
  const total = sheet.addRow(summary.map(value));
  // The share stays a number that the spreadsheet shows as a percentage in its own locale.
  summary.forEach((v, index) => {
    if (v !== null && typeof v === "object" && "share" in v) total.getCell(index + 1).numFmt = XLSX_PERCENT_FORMAT;
  });
  total.font = { bold: true };
  const linked = register.linkedIndicators.map((i) => i.name).join(", ");
  sheet.addRow([]);
  sheet.addRow([t("exportFiles.register.pilot", { title: register.pilot.title })]);
  sheet.addRow([linked ? t("exportFiles.register.computes", { indicators: linked }) : t("exportFiles.register.noIndicator")]);
  return xlsxFile(workbook);
}
