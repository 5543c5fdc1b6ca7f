import type ExcelJS from "exceljs";
import Papa from "papaparse";
import type { Cell } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { ImportTextError } from "./importErrors";

/** One sheet as rows of cells; `rows[i]` is spreadsheet row i + 1, so row numbers in messages match. */
export interface SheetData {
  name: string;
  rows: Cell[][];
}

export class UnreadableFile extends ImportTextError {}

export type FileFormat = "csv" | "xlsx";

/** XLSX files are zip archives ("PK"); anything else is read as CSV text. */
export function detectFormat(bytes: Uint8Array, fileName: string): FileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "xlsx";
  if (/\.xlsx$/i.test(fileName)) throw new UnreadableFile(message("importFile.errors.notXlsx"));
  if (/\.xls$/i.test(fileName)) throw new UnreadableFile(message("importFile.errors.oldXls"));
  return "csv";
}

/**
 * Spreadsheet programs in Italy and Germany write CSV with semicolons, because the comma is their
 * decimal separator; the header line tells which one the file uses.
 */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates = [",", ";", "\t"].sort((a, b) => count(b) - count(a));
  return candidates[0]!;
}

/** Papa Parse: about four times faster than csv-parse on a 100,000-row file, which matters here. */
export function readCsv(bytes: Uint8Array, sheetName: string): SheetData {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  if (text.includes("\u0000")) throw new UnreadableFile(message("importFile.errors.notText"));
  const parsed = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), skipEmptyLines: false });
  const broken = parsed.errors.find((e) => e.type === "Quotes");
  if (broken) throw new UnreadableFile(message("importFile.errors.unclosedQuote", { row: (broken.row ?? 0) + 1 }));
  const rows = parsed.data;
  // A trailing line break gives an empty last row: drop trailing blank rows so that counts are honest.
  while (rows.length > 0 && rows.at(-1)!.every((cell) => cell.trim() === "")) rows.pop();
  return { name: sheetName, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("formula" in value || "sharedFormula" in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ("text" in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ("error" in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

/**
 * A 40 MB upload limit does not bound a workbook: a zip of a few megabytes can unpack to gigabytes of XML
 * (a "zip bomb") that exceljs would hold in memory before any row limit is checked. The archive's own
 * directory says how large each part is, but an attacker writes that directory: so every part is inflated
 * once, chunk by chunk, counting the bytes that actually come out and discarding them, and the file is
 * refused the moment the count passes the limit, whatever was declared. Memory stays at one chunk. Real
 * workbooks at the row limits stay far below this.
 */
export const MAX_UNPACKED_WORKBOOK_BYTES = 400 * 1024 * 1024;

class UnpacksTooLarge extends Error {}

interface JSZipStream {
  on(event: "data", listener: (chunk: Uint8Array) => void): JSZipStream;
  on(event: "error", listener: (error: unknown) => void): JSZipStream;
  on(event: "end", listener: () => void): JSZipStream;
  pause(): JSZipStream;
  resume(): JSZipStream;
}

async function assertUnpacksWithinLimit(bytes: Uint8Array, limit: number): Promise<void> {
  const { default: JSZip } = await import("jszip");
  const tooLarge = () => new UnreadableFile(message("importFile.errors.unpacksTooLarge", { megabytes: Math.round(limit / 1024 / 1024) }));
  let archive: InstanceType<typeof JSZip>;
  try {
    archive = await JSZip.loadAsync(bytes);
  } catch {
    throw new UnreadableFile(message("importFile.errors.workbookUnreadable"));
  }
  const entries = Object.values(archive.files).filter((entry) => !entry.dir);
  // The declared sizes first: an honest bomb is refused without inflating anything.
  let declared = 0;
  for (const entry of entries) declared += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (declared > limit) throw tooLarge();
  let unpacked = 0;
  for (const entry of entries) {
    try {
      await new Promise<void>((resolve, reject) => {
        // internalStream is JSZip's documented chunked reader; its type declarations leave it out.
        const stream = (entry as unknown as { internalStream(type: "uint8array"): JSZipStream }).internalStream("uint8array");
        stream
          .on("data", (chunk: Uint8Array) => {
            unpacked += chunk.length;
            if (unpacked > limit) {
              stream.pause();
              reject(new UnpacksTooLarge());
            }
          })
          .on("error", reject)
          .on("end", () => resolve())
          .resume();
      });
    } catch (error) {
      if (error instanceof UnpacksTooLarge) throw tooLarge();
      // JSZip also refuses a part whose inflated size differs from the declared one, once the part is done.
      throw new UnreadableFile(message("importFile.errors.workbookUnreadable"));
    }
  }
}

export async function readXlsx(bytes: Uint8Array, maxUnpackedBytes = MAX_UNPACKED_WORKBOOK_BYTES): Promise<SheetData[]> {
  await assertUnpacksWithinLimit(bytes, maxUnpackedBytes);
  // Loaded on first use: most uploads are CSV, and exceljs takes half a second to load.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile(message("importFile.errors.workbookUnreadable"));
  }
  return workbook.worksheets.map((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      while (rows.length < rowNumber - 1) rows.push([]);
      // row.values is 1-based: index 0 is always empty.
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      rows.push(Array.from(values, (v) => cellValue(v)));
    });
    return { name: sheet.name, rows };
  });
}
