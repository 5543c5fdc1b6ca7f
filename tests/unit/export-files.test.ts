import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { documentCsv, documentXlsx, sectionCsv } from "../../server/exports/documentFiles";
import { date, num, pct, text, type ExportDocument, type ExportSection } from "../../shared/exportDocument";

const section: ExportSection = {
  name: "Cells",
  title: "Every kind of cell",
  columns: [
    { header: "Label", width: 20 },
    { header: "Number", width: 10 },
    { header: "Share", width: 10 },
    { header: "Day", width: 12 },
  ],
  rows: [
    [text("negative number"), num(-5), pct(-0.25), date("2021-02-28")],
    [text("-5"), num(1234.5678), pct(0.978), null],
    [text("=SUM(A1:A9)"), num(0), pct(1), date("2020-02-29")],
    [text("+39 333"), null, null, null],
    [text("@cmd"), null, null, null],
    [text("\tTabbed"), null, null, null],
    [text("\rReturn"), null, null, null],
    [text('Quote " and, comma'), null, null, null],
  ],
};

const doc = (sections: ExportSection[], language = "en"): ExportDocument => ({
  table: "indicators",
  language,
  coverName: "About",
  title: "Test",
  fileStem: "test",
  createdAt: "2026-11-23T08:00:00.000Z",
  asOf: "2026-11-23",
  filters: [{ label: "Results as at", value: date("2026-11-23") }],
  notes: ["A note."],
  sections,
});

describe("CSV", () => {
  const lines = sectionCsv(section, "en").split("\r\n");

  it("starts with a UTF-8 byte-order mark and ends lines with CRLF", () => {
    expect(sectionCsv(section, "en").startsWith("\uFEFFLabel,Number,Share,Day\r\n")).toBe(true);
  });

  it("writes negative numbers as plain numbers but neutralises text that could start a formula", () => {
    expect(lines[1]).toBe("negative number,-5,-25%,28/02/2021");
    // A table's figures with two decimals, as the print view and the XLSX number formats show them.
    expect(lines[2]).toBe("'-5,1234.57,97.8%,");
    expect(lines[3]).toBe("'=SUM(A1:A9),0,100%,29/02/2020");
    expect(lines[4]).toBe("'+39 333,,,");
    expect(lines[5]).toBe("'@cmd,,,");
    expect(lines[6]).toBe("'\tTabbed,,,");
    // A carriage return inside a field makes csv-stringify quote it.
    expect(lines[7]).toBe(`"'\rReturn",,,`);
    expect(lines[8]).toBe(`"Quote "" and, comma",,,`);
  });

  it("is one file for one section and a zip with an about file for several", async () => {
    const single = await documentCsv(doc([section]));
    expect(single).toMatchObject({ fileName: "test.csv", contentType: "text/csv; charset=utf-8" });
    const several = await documentCsv(doc([section, { ...section, name: "Città e più" }]));
    expect(several).toMatchObject({ fileName: "test-csv.zip", contentType: "application/zip" });
    const zip = await JSZip.loadAsync(several.body);
    expect(Object.keys(zip.files).sort()).toEqual(["1-cells.csv", "2-citta-e-piu.csv", "about.csv"]);
    expect(await zip.file("about.csv")!.async("string")).toContain("Results as at,23/11/2026");
  });

  it("is written the Italian way in Italian: semicolons, decimal commas, 65,22 %, day first", () => {
    const italian = sectionCsv(section, "it").split("\r\n");
    // The byte-order mark stays; the headings are the document's (built in the reader's language on the server).
    expect(italian[0]).toBe("\uFEFFLabel;Number;Share;Day");
    expect(italian[1]).toBe("negative number;-5;-25 %;28/02/2021");
    expect(italian[2]).toBe("'-5;1234,57;97,8 %;");
    // A text with a comma needs no quotes where the semicolon separates fields; one with a semicolon does.
    expect(italian[8]).toBe(`"Quote "" and, comma";;;`);
    expect(sectionCsv({ ...section, rows: [[text("a; b"), num(0.6522), pct(0.6522), null]] }, "it").split("\r\n")[1]).toBe(`"a; b";0,65;65,22 %;`);
  });

  it("is written the German way in German: 30.09.2021", () => {
    const german = sectionCsv({ ...section, rows: [[text("x"), num(8.6), pct(0.6522), date("2021-09-30")]] }, "de").split("\r\n");
    expect(german[1]).toBe("x;8,6;65,22 %;30.09.2021");
  });

  it("names the cover file's rows in the document's language", async () => {
    const zip = await JSZip.loadAsync((await documentCsv(doc([section, { ...section, name: "Altro" }], "it"))).body);
    const about = await zip.file("about.csv")!.async("string");
    expect(about).toContain("Esportazione;Test");
    expect(about).toContain("Results as at;23/11/2026");
    expect(about).toContain("Creato il;");
  });
});

describe("XLSX", () => {
  it("types every cell: numbers, percentages, dates and neutralised text", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await documentXlsx(doc([section]))) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Cells")!;
    const [negative, textMinus, formula] = [sheet.getRow(2), sheet.getRow(3), sheet.getRow(4)];
    expect(negative.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(negative.getCell(2).value).toBe(-5);
    expect(negative.getCell(2).numFmt).toBe("#,##0");
    expect(negative.getCell(3).value).toBe(-0.25);
    expect(negative.getCell(3).numFmt).toBe("0.00%");
    expect(negative.getCell(4).type).toBe(ExcelJS.ValueType.Date);
    expect(negative.getCell(4).value).toEqual(new Date("2021-02-28T00:00:00Z"));
    expect(textMinus.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(textMinus.getCell(1).value).toBe("'-5");
    expect(textMinus.getCell(2).numFmt).toBe("#,##0.00");
    expect(formula.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(formula.getCell(1).value).toBe("'=SUM(A1:A9)");
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });
});
