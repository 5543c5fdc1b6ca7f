import { describe, expect, it } from "vitest";
import {
  cellText,
  columnLetter,
  dateCell,
  hasNoValues,
  mapHeader,
  measureCell,
  numberCell,
  readResultRow,
  RowReader,
  frequencyCell,
  type CellResult,
  type ImportProblem,
  type ImportText,
} from "../../shared/importFormat";
import { translate } from "../../server/i18n";

// Cells and rows report catalogue messages; the reader sees them in their language (English here unless named).
const said = <T>(result: CellResult<T>, language = "en") => (result.ok ? result : { ok: false, message: translate(language, result.message) });
const saidProblems = (problems: readonly ImportProblem<ImportText>[], language = "en") => problems.map((p) => ({ ...p, message: translate(language, p.message) }));

describe("import cells", () => {
  it("reads numbers as the period form does, in the file's language: 2.500 and 2,5 in Italian, 2,500 and 2.5 in English, eight in none", () => {
    expect(numberCell("2.500", "it-IT")).toEqual({ ok: true, value: 2500 });
    expect(numberCell("2,5", "it-IT")).toEqual({ ok: true, value: 2.5 });
    expect(numberCell("8,6", "it-IT")).toEqual({ ok: true, value: 8.6 });
    expect(numberCell("1.234,5", "it-IT")).toEqual({ ok: true, value: 1234.5 });
    expect(said(numberCell("8.6", "it-IT"), "it")).toMatchObject({ ok: false, message: expect.stringContaining("Intendevi 8,6?") });
    expect(numberCell("2,500")).toEqual({ ok: true, value: 2500 });
    expect(numberCell("2.5")).toEqual({ ok: true, value: 2.5 });
    expect(numberCell("2.500")).toEqual({ ok: true, value: 2.5 });
    expect(numberCell("1,234.5", "en-GB")).toEqual({ ok: true, value: 1234.5 });
    // The one-separator rule of the past read "1,234" as 1.234 in every file; now an English "8,6" is refused with the reading meant.
    expect(said(numberCell("8,6"))).toMatchObject({ ok: false, message: expect.stringContaining("Did you mean 8.6?") });
    expect(said(numberCell("1.234,5"))).toMatchObject({ ok: false, message: expect.stringContaining("not a number here") });
    expect(numberCell(" 1 234 ")).toEqual({ ok: true, value: 1234 });
    expect(numberCell(12.5)).toEqual({ ok: true, value: 12.5 });
    expect(numberCell("")).toEqual({ ok: true, value: null });
    expect(numberCell(null)).toEqual({ ok: true, value: null });
    expect(said(numberCell("eight"))).toEqual({ ok: false, message: '"eight" is not a number.' });
    expect(said(numberCell(new Date("2021-09-30T00:00:00Z")))).toEqual({ ok: false, message: '"2021-09-30" is a date, not a number.' });
    expect(said(numberCell(new Date("2021-09-30T00:00:00Z")), "it")).toEqual({ ok: false, message: '"2021-09-30" è una data, non un numero.' });
    expect(numberCell(Number.NaN)).toMatchObject({ ok: false });
  });

  it("reads dates from date cells, ISO text and day-first text, as spreadsheets in Italy and Germany save them", () => {
    expect(dateCell(new Date("2021-09-30T00:00:00Z"))).toEqual({ ok: true, value: "2021-09-30" });
    expect(dateCell("2021-09-30")).toEqual({ ok: true, value: "2021-09-30" });
    expect(dateCell("30/09/2021")).toEqual({ ok: true, value: "2021-09-30" });
    expect(dateCell("30.09.2021")).toEqual({ ok: true, value: "2021-09-30" });
    expect(dateCell("1/2/2021")).toEqual({ ok: true, value: "2021-02-01" });
    // Month first is not a date any of the app's languages writes: 09/30/2021 is refused, not guessed.
    expect(said(dateCell("09/30/2021"))).toEqual({ ok: false, message: '"09/30/2021" is not a date: write it like 2021-09-30 or 30/09/2021.' });
    expect(dateCell("31/02/2021")).toMatchObject({ ok: false });
    expect(dateCell("2021-02-30")).toMatchObject({ ok: false });
  });

  it("accepts codes and labels of the domain's choices, in any letter case", () => {
    expect(measureCell("Score")).toEqual({ ok: true, value: "score" });
    expect(measureCell("Average score on a scale")).toEqual({ ok: true, value: "score" });
    expect(frequencyCell("half yearly")).toEqual({ ok: true, value: "half_yearly" });
    expect(said(frequencyCell("weekly"))).toEqual({
      ok: false,
      message: '"weekly" is not a reporting frequency: use one of monthly, quarterly, half_yearly, yearly, whole_pilot.',
    });
  });

  it("removes the apostrophe that protected formula-like text in an export, and nothing else", () => {
    expect(cellText("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(cellText("'-5 people moved away")).toBe("-5 people moved away");
    expect(cellText("'tis the season")).toBe("'tis the season");
    expect(cellText("  padded  ")).toBe("padded");
  });

  it("names columns as a spreadsheet does", () => {
    expect([0, 7, 25, 26, 27, 51, 52].map(columnLetter)).toEqual(["A", "H", "Z", "AA", "AB", "AZ", "BA"]);
  });
});

describe("import rows", () => {
  it("finds columns by name in any order and reports missing and repeated ones", () => {
    const { positions, problems } = mapHeader("results", "Results", ["comment", "VALUE", "Period", "Notes", "Value"]);
    expect(positions.get("Comment")).toBe(0);
    expect(positions.get("Value")).toBe(1);
    expect(positions.get("Period")).toBe(2);
    expect(saidProblems(problems)).toEqual([{ sheet: "Results", row: 1, column: "Value", message: 'The column "Value" appears twice (columns B and E).' }]);
    expect(saidProblems(mapHeader("results", "Results", ["Value"]).problems)[0]!.message).toBe('The column "Period" is missing. The header row must name it.');
    expect(saidProblems(mapHeader("results", "Results", ["Value"]).problems, "de")[0]!.message).toBe('Die Spalte "Period" fehlt. Die Kopfzeile muss sie enthalten.');
  });

  it("reads a results row and reports each unreadable cell with its row and column", () => {
    const { positions } = mapHeader("results", "Results", ["Code", "Period", "Value", "Respondents", "Comment"]);
    // An Italian file writes 8,6; an English one 8.6; each row reader reads the file's language.
    const good = new RowReader<"results">("Results", 2, ["SAT", "3", "8,6", 12, " Crowded "], positions, "it-IT");
    expect(readResultRow(good)).toMatchObject({ code: "SAT", period: 3, value: 8.6, respondents: 12, numerator: null, comment: "Crowded" });
    expect(good.problems).toEqual([]);
    const english = new RowReader<"results">("Results", 2, ["SAT", "3", "8.6", "1,200", ""], positions, "en-GB");
    expect(readResultRow(english)).toMatchObject({ value: 8.6, respondents: 1200 });
    expect(english.problems).toEqual([]);

    const bad = new RowReader<"results">("Results", 7, ["SAT", "2,5", "eight", "", ""], positions, "it-IT");
    readResultRow(bad);
    expect(saidProblems(bad.problems)).toEqual([
      { sheet: "Results", row: 7, column: "Period", message: '"2,5" is not a period number: use 1 for the first period, 2 for the second, ...' },
      { sheet: "Results", row: 7, column: "Value", message: '"eight" is not a number.' },
    ]);
  });

  it("treats a template row without values as blank, and a fully empty row as blank", () => {
    const { positions } = mapHeader("results", "Results", ["Code", "Period", "Value", "Comment"]);
    const slot = new RowReader<"results">("Results", 3, ["SAT", 5, null, ""], positions);
    expect(hasNoValues(readResultRow(slot))).toBe(true);
    expect(new RowReader<"results">("Results", 4, ["", null, "  "], positions).isBlank()).toBe(true);
    expect(new RowReader<"results">("Results", 4, ["", null, "0"], positions).isBlank()).toBe(false);
  });
});
