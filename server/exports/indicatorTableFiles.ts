import type { Message } from "../../shared/i18n/message";
import { intervalText } from "../../shared/signals";
import type { IndicatorTable, IndicatorTableRow } from "../services/indicatorTable";
import { csvLocaleFor, translateFor, XLSX_DATE_FORMAT, XLSX_PERCENT_FORMAT, xlsxNumberFormat, type Translate } from "./localeCells";
import { createWorkbook, csvFile, formatted, xlsxFile } from "./fileWriter";

/**
 * The final report's indicator table as a file, in the reader's language: translated headings and words;
 * XLSX keeps numbers and percentages as numbers, CSV writes them as the language does (localeCells.ts).
 */

/**
 * "measured": a figure in the indicator's measure, a number, or for a percentage indicator a percentage,
 * stored as the fraction (0.6522 with a % format) as in every other XLSX the app writes.
 */
type ColumnKind = "text" | "number" | "percent" | "measured";

interface Column {
  header: string;
  width: number;
  kind: ColumnKind;
  value: (row: IndicatorTableRow) => string | number | null;
}

const referenceFields = ["definition", "dataSource", "collectionMethod", "collectionFrequency", "responsible", "meansOfVerification"] as const;

function columnsFor(includePilot: boolean, t: Translate): Column[] {
  const say = (m: Message) => t(m.key, m.values);
  const column = (key: string, width: number, value: Column["value"], kind: ColumnKind = "text"): Column => ({ header: t(`exportFiles.columns.${key}`), width, kind, value });
  const pilotColumns: Column[] = includePilot ? [column("project", 24, (r) => r.projectName), column("pilot", 36, (r) => r.pilotTitle)] : [];
  return [
    ...pilotColumns,
    column("section", 14, (r) => t(`exportFiles.kinds.${r.kind}`)),
    column("code", 10, (r) => r.code ?? ""),
    column("indicator", 50, (r) => r.name),
    column("unit", 14, (r) => r.unit),
    column("originalGoal", 28, (r) => r.goalText),
    column("goalNumber", 12, (r) => r.goal, "measured"),
    column("currentResult", 14, (r) => r.current, "measured"),
    column("interval", 14, (r) => (r.interval ? say(intervalText(r.interval, r.measure)) : "")),
    column("percentOfGoal", 11, (r) => r.fractionOfGoal, "percent"),
    column("status", 16, (r) => r.statusLabel),
    column("comments", 60, (r) => r.comments),
    column("signals", 60, (r) => r.signals.map(say).join("\n")),
    // The reference sheet and the evidence by reported period (docs/decisions/019): a spreadsheet has room for them.
    ...referenceFields.map((field) => ({
      header: t(`evidence.reference.${field}`),
      width: field === "definition" ? 40 : 24,
      kind: "text" as const,
      value: (r: IndicatorTableRow) => r.reference[field],
    })),
    column("evidenceAttached", 12, (r) => r.evidence.attachedPeriods, "number"),
    column("evidenceMissing", 12, (r) => r.evidence.missingPeriods, "number"),
  ];
}

export function indicatorTableCsv(table: IndicatorTable, includePilot: boolean, language: string): string {
  const locale = csvLocaleFor(language);
  const columns = columnsFor(includePilot, translateFor(language));
  const records = table.rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row);
      if (value === null) return null;
      if (typeof value === "number") {
        if (c.kind === "percent") return formatted(locale.percent(value * 100));
        if (c.kind === "measured" && row.measure === "percentage") return formatted(locale.percent(value));
        return formatted(locale.figure(value));
      }
      return value;
    }),
  );
  const header = columns.map((c) => c.header);
  return csvFile([header, ...records], { delimiter: locale.delimiter });
}

export async function indicatorTableXlsx(table: IndicatorTable, options: { title: string; includePilot: boolean; language: string }): Promise<Buffer> {
  const t = translateFor(options.language);
  const workbook = createWorkbook();
  const columns = columnsFor(options.includePilot, t);

  const cover = workbook.addWorksheet(t("exportFiles.cover.sheetName"));
  cover.columns = [{ width: 22 }, { width: 80 }];
  cover.addRows([
    [t("exportFiles.cover.export"), options.title],
    [t("exportFiles.filters.resultsAsAt"), new Date(`${table.asOf}T00:00:00Z`)],
    [t("exportFiles.cover.created"), new Date()],
    [t("exportFiles.cover.rows"), table.rows.length],
    [t("exportFiles.cover.statusRule"), t("exportFiles.notes.status")],
  ]);
  cover.getCell("B2").numFmt = XLSX_DATE_FORMAT;
  cover.getCell("B3").numFmt = `${XLSX_DATE_FORMAT} hh:mm`;
  cover.getColumn(1).font = { bold: true };

  for (const kind of ["quantitative", "qualitative"] as const) {
    const sheet = workbook.addWorksheet(t(`exportFiles.sections.${kind}`), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows.filter((r) => r.kind === kind)) {
      const asPercentage = (c: Column) => c.kind === "percent" || (c.kind === "measured" && row.measure === "percentage");
      const added = sheet.addRow(
        columns.map((c) => {
          const value = c.value(row);
          return c.kind === "measured" && row.measure === "percentage" && typeof value === "number" ? value / 100 : value;
        }),
      );
      added.alignment = { vertical: "top", wrapText: true };
      columns.forEach((c, index) => {
        const cell = added.getCell(index + 1);
        if (asPercentage(c)) cell.numFmt = XLSX_PERCENT_FORMAT;
        else if (c.kind !== "text" && typeof cell.value === "number") cell.numFmt = xlsxNumberFormat(cell.value);
      });
    }
    columns.forEach((c, index) => {
      if (c.kind === "percent") sheet.getColumn(index + 1).numFmt = XLSX_PERCENT_FORMAT;
    });
  }
  return xlsxFile(workbook);
}
