import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { sheetName } from "../../shared/exportDocument";
import { effectiveAsOf, exportRequest, exportSearchParams, parseExportSearchParams, periodInRange } from "../../shared/exportRequest";
import { neutraliseFormula } from "../../server/exports/fileWriter";

describe("export filters", () => {
  it("survive the trip through a download's query string", () => {
    const request = exportRequest.parse({
      table: "rollup",
      projectId: 3,
      pilotIds: [4, 7],
      asOf: "2021-10-01",
      periodFrom: "2021-01-01",
      periodTo: "2021-06-30",
      statuses: ["at_risk", "underperforming"],
    });
    const params = exportSearchParams(request);
    expect(params.toString()).toBe("projectId=3&pilotIds=4%2C7&asOf=2021-10-01&periodFrom=2021-01-01&periodTo=2021-06-30&statuses=at_risk%2Cunderperforming");
    expect(parseExportSearchParams("rollup", params)).toEqual(request);
  });

  it("default to every pilot and every status", () => {
    expect(parseExportSearchParams("tracking", new URLSearchParams("projectId=1&pilotIds=&statuses="))).toEqual({ table: "tracking", projectId: 1, pilotIds: [], statuses: [] });
    // The download's language is not a filter; any other unknown parameter still is refused.
    expect(parseExportSearchParams("tracking", new URLSearchParams("projectId=1&lang=it"))).toEqual({ table: "tracking", projectId: 1, pilotIds: [], statuses: [] });
    expect(() => parseExportSearchParams("tracking", new URLSearchParams("projectId=1&colour=red"))).toThrow();
  });

  const invalid: [string, string, string][] = [
    ["an unknown table", "summary", "projectId=1"],
    ["no project", "indicators", ""],
    ["a project id that is not a number", "indicators", "projectId=1;DROP"],
    ["a pilot id that is not a number", "indicators", "projectId=1&pilotIds=2,x"],
    ["an unknown status", "indicators", "projectId=1&statuses=fine"],
    ["a date that does not exist", "indicators", "projectId=1&asOf=2021-02-30"],
    ["a period range that ends before it starts", "tracking", "projectId=1&periodFrom=2021-06-01&periodTo=2021-01-01"],
    ["an unknown filter", "indicators", "projectId=1&format=pdf"],
  ];
  it.each(invalid)("refuse %s", (_name, table, query) => {
    expect(() => parseExportSearchParams(table, new URLSearchParams(query))).toThrow(ZodError);
  });

  it("read a period range without a date as at the range's last day", () => {
    expect(effectiveAsOf({ periodTo: "2021-06-30" }, "2026-11-23")).toBe("2021-06-30");
    expect(effectiveAsOf({ asOf: "2021-05-01", periodTo: "2021-06-30" }, "2026-11-23")).toBe("2021-05-01");
    expect(effectiveAsOf({}, "2026-11-23")).toBe("2026-11-23");
  });

  it("keep the periods that overlap the range", () => {
    const quarter = { startDate: "2021-04-01", endDate: "2021-06-30" };
    expect(periodInRange(quarter, {})).toBe(true);
    expect(periodInRange(quarter, { periodFrom: "2021-06-30" })).toBe(true);
    expect(periodInRange(quarter, { periodFrom: "2021-07-01" })).toBe(false);
    expect(periodInRange(quarter, { periodTo: "2021-04-01" })).toBe(true);
    expect(periodInRange(quarter, { periodTo: "2021-03-31" })).toBe(false);
  });
});

describe("spreadsheet safety", () => {
  const cases: [string, string][] = [
    ["=1+1", "'=1+1"],
    ["+39 333 1234567", "'+39 333 1234567"],
    ["-5 participants left", "'-5 participants left"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["Città di Luserna", "Città di Luserna"],
    ["a = b", "a = b"],
    ["", ""],
  ];
  it.each(cases)("text %j is written as %j", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it("names sheets within Excel's rules", () => {
    const taken = new Set<string>();
    const first = sheetName("HOME - Extra-EU Citizens and Integration: [CASA]", taken);
    // Cut after a whole word, and marked as cut.
    expect(first).toBe("HOME - Extra-EU Citizens and…");
    taken.add(first.toLowerCase());
    expect(sheetName("HOME - Extra-EU Citizens and Integration: [CASA]", taken)).toBe("HOME - Extra-EU Citizens… (2)");
    expect(sheetName("a/b?c*d", new Set())).toBe("a b c d");
    expect(sheetName("About", new Set(["about"]))).toBe("About (2)");
    expect(sheetName("'Quoted'", new Set())).toBe("Quoted");
    expect(sheetName("Indicatori dei piloti di Luserna San Giovanni", new Set())).toBe("Indicatori dei piloti di…");
    // One long word is cut inside it rather than left empty.
    expect(sheetName("Donaudampfschifffahrtsgesellschaftskapitän", new Set())).toBe("Donaudampfschifffahrtsgesellsc…");
    for (const title of ["Valle d'Aosta – Sportello per l'accoglienza dei migranti", "x".repeat(40), "a b".repeat(20)])
      for (const taken of [new Set<string>(), new Set([sheetName(title, new Set()).toLowerCase()])]) {
        const name = sheetName(title, taken);
        expect([...name].length).toBeLessThanOrEqual(31);
        expect(name).not.toMatch(/[[\]:*?/\\]|^'|'$/);
      }
  });
});
