import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

/*
 * The one writer of every CSV and XLSX file the app sends. Whatever a person typed (a comment, a pilot's
 * title, an organisation) may reach a spreadsheet program through here, so the rules that keep such text
 * inert live in this one place:
 * - text that starts with = + - @ tab or carriage return gets a leading apostrophe (formula injection);
 * - CSV: a UTF-8 byte-order mark (spreadsheet programs then read accents and "€"), CRLF between rows, and
 *   quotes around any field holding a line break of any kind, a lone carriage return included, which
 *   spreadsheet programs also read as the end of a row;
 * - XLSX: the same neutralising of text cells, and removal of the characters XML 1.0 cannot carry (control
 *   characters other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates), which
 *   would otherwise make the file one that spreadsheet programs refuse to open.
 */

export const CSV_TYPE = "text/csv; charset=utf-8";
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// Characters outside XML 1.0's Char production, and unpaired surrogates (which cannot be encoded at all).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as an XLSX file can carry it: characters XML 1.0 has no place for are removed. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

/** A text cell of an XLSX file: what XML can carry, neutralised. */
export function xlsxText(text: string): string {
  return neutraliseFormula(xmlSafe(text));
}

/**
 * A number, percentage or date that the app itself wrote in the reader's language ("-5", "-25 %"): written
 * as is, since a spreadsheet reads it as the number it is, not as a formula.
 */
export interface FormattedValue {
  readonly formatted: string;
}

export const formatted = (text: string): FormattedValue => ({ formatted: text });

/** A CSV field: text (neutralised), a value the app formatted, or nothing. */
export type CsvCell = string | FormattedValue | null;

const BYTE_ORDER_MARK = "\uFEFF";
// csv-stringify quotes a field with a line feed, not one with a lone carriage return or another line break.
const LINE_BREAK = /[\r\n\u000B\u000C\u0085\u2028\u2029]/;

function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  return typeof cell === "string" ? neutraliseFormula(cell) : cell.formatted;
}

/** A whole CSV file: the rows (the heading first), separated by `delimiter` (";" where the comma is decimal). */
export function csvFile(rows: readonly (readonly CsvCell[])[], options: { delimiter?: "," | ";" } = {}): string {
  return (
    BYTE_ORDER_MARK +
    stringify(
      rows.map((row) => row.map(csvField)),
      { record_delimiter: "\r\n", quoted_match: LINE_BREAK, delimiter: options.delimiter ?? "," },
    )
  );
}

/** A new workbook: the only way the app starts an XLSX file; send it with `xlsxFile`. */
export function createWorkbook(options: { created?: Date; title?: string } = {}): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pilot Monitor";
  workbook.created = options.created ?? new Date();
  if (options.title !== undefined) workbook.title = xmlSafe(options.title);
  return workbook;
}

/**
 * The bytes of a workbook, after every text cell of every sheet has been made safe: callers fill cells
 * as they like, and no text reaches the file without passing here.
 */
export async function xlsxFile(workbook: ExcelJS.Workbook): Promise<Buffer> {
  workbook.eachSheet((sheet) => {
    if (xmlSafe(sheet.name) !== sheet.name) sheet.name = xmlSafe(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // A merged cell shows its master's value: the master is made safe on its own turn.
        if (cell.isMerged && cell.master !== cell) return;
        const value = cell.value;
        if (typeof value === "string") {
          const safe = xlsxText(value);
          if (safe !== value) cell.value = safe;
        } else if (value !== null && typeof value === "object" && "richText" in value) {
          cell.value = { richText: value.richText.map((run, index) => ({ ...run, text: index === 0 ? xlsxText(run.text) : xmlSafe(run.text) })) };
        }
      });
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
