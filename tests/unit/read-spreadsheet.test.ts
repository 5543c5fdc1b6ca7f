import { describe, expect, it } from "vitest";
import { translate } from "../../server/i18n";
import type { ImportTextError } from "../../server/imports/importErrors";
import JSZip from "jszip";
import { understatedZip } from "../support/understatedZip";
import { detectFormat, readCsv, readXlsx, UnreadableFile } from "../../server/imports/readSpreadsheet";

/** The refusal as the reader sees it in English (the error carries a catalogue message). */
function englishRefusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return translate("en", (error as ImportTextError).text);
  }
  throw new Error("the file was not refused");
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("reading CSV uploads", () => {
  it("reads semicolon files with decimal commas, as Italian spreadsheet programs save them", () => {
    const sheet = readCsv(bytes("\uFEFFCode;Period;Value\r\nLANG-H;5;8,6\r\n\r\n"), "Sheet1");
    expect(sheet.rows).toEqual([
      ["Code", "Period", "Value"],
      ["LANG-H", "5", "8,6"],
    ]);
  });

  it("reads comma files with quoted decimal commas and line breaks in comments", () => {
    const sheet = readCsv(bytes('Code,Value,Comment\nLANG-H,"8,6","two\nlines"\n'), "Sheet1");
    expect(sheet.rows[1]).toEqual(["LANG-H", "8,6", "two\nlines"]);
  });

  it("refuses an unclosed quote and binary content with a plain message", () => {
    expect(englishRefusal(() => readCsv(bytes('Code,Comment\nA,"never closed\n'), "Sheet1"))).toMatch(/quote is not closed/);
    expect(() => readCsv(new Uint8Array([1, 0, 2]), "Sheet1")).toThrow(UnreadableFile);
  });

  it("tells XLSX (a zip archive) from CSV by content, and refuses old .xls", () => {
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 3, 4]), "data.bin")).toBe("xlsx");
    expect(detectFormat(bytes("a,b"), "data.csv")).toBe("csv");
    expect(englishRefusal(() => detectFormat(bytes("a,b"), "data.xls"))).toMatch(/\.xls workbooks cannot be read/);
    expect(englishRefusal(() => detectFormat(bytes("a,b"), "data.xlsx"))).toMatch(/not an Excel workbook/);
  });
});

describe("reading XLSX uploads", () => {
  it("refuses a workbook that would unpack beyond the limit, before unpacking it", async () => {
    // 5 MB of zeros packs into a few kilobytes: a small-scale zip bomb against a 1 MB limit.
    const zip = new JSZip();
    zip.file("xl/worksheets/sheet1.xml", new Uint8Array(5 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bytes.length).toBeLessThan(100_000);
    const refusal = await readXlsx(bytes, 1024 * 1024).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(UnreadableFile);
    expect(translate("en", (refusal as UnreadableFile).text)).toMatch(/unpacks to more than 1 MB/);
  });

  it("refuses a workbook that understates its sizes, by counting the bytes actually inflated", async () => {
    // Each part declares 100 bytes; together they unpack to 5 MB, against a 1 MB limit.
    const bytes = understatedZip([
      { name: "[Content_Types].xml", actualBytes: 2 * 1024 * 1024, declaredSize: 100 },
      { name: "xl/worksheets/sheet1.xml", actualBytes: 3 * 1024 * 1024, declaredSize: 100 },
    ]);
    expect(bytes.length).toBeLessThan(100_000);
    const refusal = await readXlsx(bytes, 1024 * 1024).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(UnreadableFile);
    expect(translate("en", (refusal as UnreadableFile).text)).toMatch(/unpacks to more than 1 MB/);
  });

  it("still reads a workbook below the limit", async () => {
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.Workbook();
    workbook.addWorksheet("Results").addRows([
      ["Code", "Value"],
      ["A", 8.6],
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const sheets = await readXlsx(bytes, 1024 * 1024);
    expect(sheets[0]!.rows).toEqual([
      ["Code", "Value"],
      ["A", 8.6],
    ]);
  });
});
