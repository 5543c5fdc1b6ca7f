import type ExcelJS from "exceljs";
import JSZip from "jszip";
import type { ExportCell, ExportDocument, ExportSection } from "../../shared/exportDocument";
import { csvLocaleFor, translateFor, XLSX_DATE_FORMAT, XLSX_PERCENT_FORMAT, xlsxNumberFormat, type CsvLocale } from "./localeCells";
import { createWorkbook, CSV_TYPE, csvFile, formatted, xlsxFile, XLSX_TYPE, type CsvCell } from "./fileWriter";

/**
 * Writes an export document (shared/exportDocument.ts) as an XLSX workbook or as CSV (one file or a zip),
 * in the language the document was built in: XLSX cells stay numbers and dates that the spreadsheet shows
 * in its own locale, CSV writes them as the reader's language does (server/exports/localeCells.ts).
 */

export { XLSX_TYPE };
export const PERCENT_FORMAT = XLSX_PERCENT_FORMAT;
export const DATE_FORMAT = XLSX_DATE_FORMAT;

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

function setCell(cell: ExcelJS.Cell, value: ExportCell): void {
  if (value === null) return;
  switch (value.t) {
    case "text":
      cell.value = value.v;
      break;
    case "number":
      cell.value = value.v;
      cell.numFmt = xlsxNumberFormat(value.v);
      break;
    case "percent":
      cell.value = value.v;
      cell.numFmt = PERCENT_FORMAT;
      break;
    case "date":
      cell.value = utcDate(value.v);
      cell.numFmt = DATE_FORMAT;
      break;
  }
}

function addCover(workbook: ExcelJS.Workbook, doc: ExportDocument): void {
  const t = translateFor(doc.language);
  const cover = workbook.addWorksheet(doc.coverName);
  cover.columns = [{ width: 24 }, { width: 90 }];
  const put = (label: string, value: ExportCell) => {
    const row = cover.addRow([label]);
    setCell(row.getCell(2), value);
    row.getCell(1).font = { bold: true };
    row.alignment = { vertical: "top", wrapText: true };
  };
  put(t("exportFiles.cover.export"), { t: "text", v: doc.title });
  for (const filter of doc.filters) put(filter.label, filter.value);
  const created = cover.addRow([t("exportFiles.cover.created"), new Date(doc.createdAt)]);
  created.getCell(1).font = { bold: true };
  created.getCell(2).numFmt = "yyyy-mm-dd hh:mm";
  cover.addRow([]);
  for (const section of doc.sections)
    put(t("exportFiles.cover.sheet", { name: section.name }), { t: "text", v: t("exportFiles.cover.sectionRows", { title: section.title, count: section.rows.length }) });
  cover.addRow([]);
  doc.notes.forEach((note, index) => put(index === 0 ? t("exportFiles.cover.notes") : "", { t: "text", v: note }));
}

function addSection(workbook: ExcelJS.Workbook, section: ExportSection): void {
  const grouped = section.columns.some((c) => c.group);
  const headerRows = grouped ? 2 : 1;
  // Wide tables keep the indicator's columns (those before the first period) in view while scrolling.
  const xSplit = grouped ? section.columns.findIndex((c) => c.group) : 0;
  const sheet = workbook.addWorksheet(section.name, {
    views: [{ state: "frozen", ySplit: headerRows, xSplit }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.pageSetup.printTitlesRow = `1:${headerRows}`;
  section.columns.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });
  const header = sheet.getRow(headerRows);
  section.columns.forEach((column, index) => {
    header.getCell(index + 1).value = column.header;
  });
  if (grouped) {
    const groupRow = sheet.getRow(1);
    let start = 0;
    while (start < section.columns.length) {
      const group = section.columns[start]!.group;
      let end = start;
      while (end + 1 < section.columns.length && group && section.columns[end + 1]!.group === group) end++;
      // Columns outside any period keep their heading in the second row only, where the filter buttons are.
      if (group) {
        groupRow.getCell(start + 1).value = group;
        if (end > start) sheet.mergeCells(1, start + 1, 1, end + 1);
      }
      start = end + 1;
    }
    groupRow.font = { bold: true };
    groupRow.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  }
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  for (const cells of section.rows) {
    const row = sheet.addRow([]);
    cells.forEach((value, index) => setCell(row.getCell(index + 1), value));
    row.alignment = { vertical: "top", wrapText: true };
  }
  if (section.rows.length > 0) sheet.autoFilter = { from: { row: headerRows, column: 1 }, to: { row: headerRows, column: section.columns.length } };
}

export async function documentXlsx(doc: ExportDocument): Promise<Buffer> {
  const workbook = createWorkbook({ created: new Date(doc.createdAt), title: doc.title });
  addCover(workbook, doc);
  for (const section of doc.sections) addSection(workbook, section);
  return xlsxFile(workbook);
}

/**
 * CSV has no cell types: numbers, percentages and dates are written as the reader's language writes them
 * (a negative number stays "-5", which no spreadsheet runs as a formula), and text that could start a
 * formula is neutralised.
 */
function csvValue(value: ExportCell, locale: CsvLocale): CsvCell {
  if (value === null) return null;
  switch (value.t) {
    case "text":
      return value.v;
    case "number":
      return formatted(locale.figure(value.v));
    case "percent":
      return formatted(locale.percent(value.v * 100));
    case "date":
      return formatted(locale.date(value.v));
  }
}

export function sectionCsv(section: ExportSection, language: string): string {
  const locale = csvLocaleFor(language);
  const header = section.columns.map((c) => (c.group ? `${c.group} – ${c.header}` : c.header));
  return csvFile([header, ...section.rows.map((cells) => cells.map((cell) => csvValue(cell, locale)))], { delimiter: locale.delimiter });
}

function coverCsv(doc: ExportDocument): string {
  const t = translateFor(doc.language);
  const locale = csvLocaleFor(doc.language);
  const rows: CsvCell[][] = [
    [t("exportFiles.cover.export"), doc.title],
    ...doc.filters.map((f) => [f.label, csvValue(f.value, locale)]),
    [t("exportFiles.cover.created"), formatted(locale.dateTime(doc.createdAt))],
    ...doc.sections.map((s, index) => [t("exportFiles.cover.file", { name: fileNameOf(s, index) }), t("exportFiles.cover.sectionRows", { title: s.title, count: s.rows.length })]),
    ...doc.notes.map((note) => [t("exportFiles.cover.note"), note]),
  ];
  return csvFile(rows, { delimiter: locale.delimiter });
}

function fileNameOf(section: ExportSection, index: number): string {
  const slug = section.name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `${index + 1}-${slug || "section"}.csv`;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/**
 * One CSV file when the document has one section, else (or when a zip is asked for) a zip with a CSV per
 * section and an about.csv, named ".zip" either way.
 */
export async function documentCsv(doc: ExportDocument, bundle = false): Promise<ExportFile> {
  if (doc.sections.length === 1 && !bundle) {
    return { fileName: `${doc.fileStem}.csv`, contentType: CSV_TYPE, body: Buffer.from(sectionCsv(doc.sections[0]!, doc.language), "utf8") };
  }
  const zip = new JSZip();
  const date = new Date(doc.createdAt);
  zip.file("about.csv", coverCsv(doc), { date });
  doc.sections.forEach((section, index) => zip.file(fileNameOf(section, index), sectionCsv(section, doc.language), { date }));
  const body = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return { fileName: `${doc.fileStem}-csv.zip`, contentType: "application/zip", body };
}

export async function documentFile(doc: ExportDocument, format: "xlsx" | "csv" | "zip"): Promise<ExportFile> {
  if (format !== "xlsx") return documentCsv(doc, format === "zip");
  return { fileName: `${doc.fileStem}.xlsx`, contentType: XLSX_TYPE, body: await documentXlsx(doc) };
}
