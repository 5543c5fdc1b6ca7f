import ExcelJS from "exceljs";
import JSZip from "jszip";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { createWorkbook, csvFile, formatted, neutraliseFormula, xlsxFile, xlsxText, xmlSafe, type CsvCell } from "../../server/exports/fileWriter";
import { historyCsv } from "../../server/exports/historyFile";

/** Each hostile value a person could type, and the cell it must become. */
const textCells: [label: string, typed: string, cell: string][] = [
  ["a formula", "=1+1", "'=1+1"],
  ["a HYPERLINK formula", '=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
  ["a plus sign", "+39 333 1234567", "'+39 333 1234567"],
  ["a minus sign", "-5 participants left", "'-5 participants left"],
  ["an at sign", "@SUM(A1)", "'@SUM(A1)"],
  ["a tab", "\tcmd", "'\tcmd"],
  ["a carriage return", "\rcmd", "'\rcmd"],
  ["an equals sign inside", "a = b", "a = b"],
  ["an apostrophe already", "'=kept", "'=kept"],
  ["accents", "Città di Luserna", "Città di Luserna"],
  ["nothing", "", ""],
];

describe("formula neutralising", () => {
  it.each(textCells)("%s: %j is written as %j", (_label, typed, cell) => {
    expect(neutraliseFormula(typed)).toBe(cell);
  });
});

/** A one-column CSV's bytes for one cell, without the heading. */
const csvOf = (cell: CsvCell) => csvFile([["Heading"], [cell]]).slice("\uFEFFHeading\r\n".length);

describe("CSV files", () => {
  const cases: [label: string, cell: CsvCell, written: string][] = [
    ["a formula", "=1+1", "'=1+1\r\n"],
    ["a minus sign typed", "-5 left", "'-5 left\r\n"],
    ["a negative number the app formatted", formatted("-5"), "-5\r\n"],
    ["a negative percentage the app formatted", formatted("-25 %"), "-25 %\r\n"],
    ["a lone carriage return", "one\rtwo", `"one\rtwo"\r\n`],
    ["a line feed", "one\ntwo", `"one\ntwo"\r\n`],
    ["a CRLF", "one\r\ntwo", `"one\r\ntwo"\r\n`],
    ["a Unicode line separator", "one\u2028two", `"one\u2028two"\r\n`],
    ["a next-line character", "one\u0085two", `"one\u0085two"\r\n`],
    ["a leading carriage return", "\rcmd", `"'\rcmd"\r\n`],
    ["a quote and a comma", 'say "hi", then', `"say ""hi"", then"\r\n`],
    ["nothing", null, "\r\n"],
  ];
  it.each(cases)("%s is written as %j", (_label, cell, written) => {
    expect(csvOf(cell)).toBe(written);
  });

  it("starts with a UTF-8 byte-order mark, separates rows with CRLF and fields with the given delimiter", () => {
    const file = csvFile(
      [
        ["a", "b"],
        ["1,5", formatted("2,5")],
      ],
      { delimiter: ";" },
    );
    expect(Buffer.from(file, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file).toBe("\uFEFFa;b\r\n1,5;2,5\r\n");
  });

  it("reads back, field for field, in a CSV reader", () => {
    const typed = ["one\rtwo", "=cmd", 'q"uote', "line\nbreak"];
    const back = Papa.parse<string[]>(csvFile([typed]).slice(1)).data[0];
    expect(back).toEqual(["one\rtwo", "'=cmd", 'q"uote', "line\nbreak"]);
  });
});

describe("XLSX text", () => {
  const cases: [label: string, typed: string, cell: string][] = [
    ["a formula", "=1+1", "'=1+1"],
    ["U+FFFE and U+FFFF", "a\uFFFEb\uFFFFc", "abc"],
    ["control characters", "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg", "abcdefg"],
    ["tab, line feed and carriage return inside", "a\tb\nc\rd", "a\tb\nc\rd"],
    ["an unpaired surrogate", "a\uD800b\uDC00c", "abc"],
    ["a paired surrogate (an emoji)", "ok 👍", "ok 👍"],
    ["a control character hiding a formula", "\u0001=1+1", "'=1+1"],
  ];
  it.each(cases)("%s: %j becomes %j", (_label, typed, cell) => {
    expect(xlsxText(typed)).toBe(cell);
  });

  it("keeps what XML can carry", () => {
    expect(xmlSafe("Città € 😀\t\n")).toBe("Città € 😀\t\n");
  });

  it("makes every text cell of every sheet safe when the file is written, whoever filled it", async () => {
    const workbook = createWorkbook({ title: "T\uFFFF" });
    const sheet = workbook.addWorksheet("Data\u0001");
    sheet.addRow(["=SUM(A1:A2)", "bad\uFFFEchar", -5, "-5 typed", new Date("2021-09-30T00:00:00Z")]);
    sheet.getCell("A3").value = { richText: [{ text: "@rich" }, { text: " part\u0002" }] };
    const bytes = await xlsxFile(workbook);
    const xml = await Promise.all(Object.values((await JSZip.loadAsync(bytes)).files).map((f) => f.async("string")));
    expect(xml.join("")).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(new Uint8Array(bytes).buffer);
    const read = back.worksheets[0]!;
    expect(read.name).toBe("Data");
    expect(read.getRow(1).values).toEqual([undefined, "'=SUM(A1:A2)", "badchar", -5, "'-5 typed", new Date("2021-09-30T00:00:00Z")]);
    expect(read.getCell("A3").value).toEqual({ richText: [{ text: "'@rich" }, { text: " part" }] });
  });
});

describe("the history CSV", () => {
  it("has the byte-order mark and neutralises a formula typed in a comment", () => {
    const file = historyCsv(
      [
        {
          at: "2026-11-23T09:15:00.000Z",
          actorName: "=Mallory",
          entityType: "result_comment",
          entityId: 7,
          action: "comment",
          before: null,
          after: JSON.stringify({ resultId: 3, body: '=HYPERLINK("http://evil.example")' }),
          indicatorId: 4,
        },
      ],
      { indicators: new Map([[4, "+Hours"]]), periods: new Map() },
      "it",
    );
    expect(file.startsWith("\uFEFF")).toBe(true);
    const rows = Papa.parse<string[]>(file.slice(1), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(rows[1]).toEqual([
      "23/11/2026 09:15:00",
      "'=Mallory",
      "commento a un risultato",
      "7",
      "'+Hours",
      "",
      "commento aggiunto",
      "commento",
      "",
      `'=HYPERLINK("http://evil.example")`,
    ]);
  });

  it("writes one row per changed field with values in the reader's language, and one row for a step without fields", () => {
    const file = historyCsv(
      [
        {
          at: "2026-11-23T09:15:00.000Z",
          actorName: "Ada",
          entityType: "indicator",
          entityId: 4,
          action: "change",
          before: JSON.stringify({ goal: 230, baseline: 0, measure: "count", name: "Hours" }),
          after: JSON.stringify({ goal: 1.5, baseline: 0, measure: "percentage", name: "Hours" }),
          indicatorId: 4,
        },
        { at: "2026-11-23T09:16:00.000Z", actorName: "Ada", entityType: "indicator", entityId: 4, action: "archive", before: null, after: null, indicatorId: 4 },
      ],
      { indicators: new Map([[4, "Hours"]]), periods: new Map() },
      "de",
    );
    const rows = Papa.parse<string[]>(file.slice(1), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(rows.slice(1).map((r) => r.slice(6))).toEqual([
      ["geändert", "Ziel", "230", "1,5"],
      ["geändert", "Messgröße", expect.any(String), expect.any(String)],
      ["archiviert", "", "", ""],
    ]);
    expect(rows[2]![8]).not.toBe("count");
  });
});
