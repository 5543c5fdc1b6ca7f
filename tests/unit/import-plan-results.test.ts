import { describe, expect, it } from "vitest";
import { planIndicators } from "../../server/imports/plan/indicators";
import { findPeriod, planResults, sameValues } from "../../server/imports/plan/results";
import { translate } from "../../server/i18n";
import { mapHeader, RowReader } from "../../shared/importFormat";
import { englishProblems, hours, planState, quarters, sheet, valleyDesk, valleyRows } from "../support/planStore";

const header = "Code,Period,Value,Comment";
const storedQ1 = { id: 1, indicatorId: hours.id, sequence: 1, value: 65, respondents: null, numerator: null, denominator: null, comment: "Good start", version: 3 };
const withQ1 = { ...valleyRows, results: [storedQ1] };

describe("the Results sheet planner (into one pilot)", () => {
  it.each([
    { why: "a new result is created", rows: ["LANG-H,2,70,On track"], counts: { create: 1, change: 0, unchanged: 0 }, problems: [] },
    { why: "the stored result as it is stays unchanged", rows: ["LANG-H,1,65,Good start"], counts: { create: 0, change: 0, unchanged: 1 }, problems: [] },
    { why: "a new comment is a change", rows: ["LANG-H,1,65,Counted again"], counts: { create: 0, change: 1, unchanged: 0 }, problems: [] },
    { why: "an empty slot of the template is skipped", rows: ["LANG-H,2,,"], counts: { create: 0, change: 0, unchanged: 0 }, problems: [] },
    { why: "an unknown indicator", rows: ["NOPE,2,3,"], counts: { create: 0, change: 0, unchanged: 0 }, problems: [expect.stringMatching(/^2 Code: Unknown indicator "NOPE"/)] },
    {
      why: "a period outside the pilot",
      rows: ["LANG-H,9,3,x"],
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: [expect.stringMatching(/^2 Period: Period 9 is outside the pilot/)],
    },
    { why: "a value that is not a number", rows: ["LANG-H,2,eight,"], counts: { create: 0, change: 0, unchanged: 0 }, problems: ['2 Value: "eight" is not a number.'] },
    {
      why: "the same period twice",
      rows: ["LANG-H,2,10,a", "LANG-H,2,11,b"],
      counts: { create: 1, change: 0, unchanged: 0 },
      problems: [expect.stringMatching(/^3 Period: Row 2 already/)],
    },
    {
      why: "a shortfall without a comment needs one",
      rows: ["LANG-H,2,1,"],
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: [expect.stringMatching(/^2 Comment: .*below its goal or expected progress/)],
    },
  ])("$why", ({ rows, counts, problems }) => {
    const state = planState(withQ1, { pilotId: valleyDesk.id });
    planResults(state, sheet("Results", [header, ...rows]));
    expect(englishProblems(state)).toEqual(problems);
    expect(state.counts.results).toEqual(counts);
    expect(state.resultWrites.length).toBe(counts.create + counts.change);
  });

  it("names the stored row it would change with its version, and the sheet row it comes from", () => {
    const state = planState(withQ1, { pilotId: valleyDesk.id });
    planResults(state, sheet("Results", [header, "LANG-H,1,66,Counted again"]));
    expect(state.resultWrites).toMatchObject([{ row: 2, existing: { id: 1, version: 3 }, values: { value: 66 }, comment: "Counted again", period: { sequence: 1 } }]);
  });

  it("ignores the Entered by column and says so in a notice, only when the column holds a name", () => {
    const named = planState(withQ1, { pilotId: valleyDesk.id });
    planResults(named, sheet("Results", [`${header},Entered by`, "LANG-H,2,70,On track,Somebody Else"]));
    expect(named.notices.map((n) => translate("en", n))).toEqual(['The "Entered by" column is ignored: imported results are recorded as entered by you, the person signed in.']);
    expect(named.resultWrites[0]).not.toHaveProperty("enteredBy");
    const empty = planState(withQ1, { pilotId: valleyDesk.id });
    planResults(empty, sheet("Results", [`${header},Entered by`, "LANG-H,2,70,On track,"]));
    expect(empty.notices).toEqual([]);
  });

  it("finds results for an indicator the Indicators sheet of the same file creates", () => {
    const state = planState(withQ1, { pilotId: valleyDesk.id });
    planIndicators(state, sheet("Indicators", ["Code,Indicator,Kind,Measure,Goal", "NEW-1,Families reached,quantitative,count,80"]));
    planResults(state, sheet("Results", [header, "NEW-1,1,30,First families"]));
    expect(englishProblems(state)).toEqual([]);
    expect(state.resultWrites).toMatchObject([{ indicator: { id: null, fields: { code: "NEW-1" } }, existing: null }]);
  });
});

describe("finding a row's period", () => {
  const reader = (cells: string[]) => {
    const { positions } = mapHeader("results", "Results", ["Period", "Period start", "Period end"]);
    return new RowReader<"results">("Results", 2, cells, positions);
  };
  const pilot = { ...planState(valleyRows, { pilotId: valleyDesk.id }).onlyPilot!, periods: quarters };
  it.each([
    { why: "by number", row: { period: 2, periodStart: null, periodEnd: null }, sequence: 2, problems: [] },
    { why: "by start date", row: { period: null, periodStart: "2026-07-01", periodEnd: null }, sequence: 3, problems: [] },
    { why: "a start that does not match the number", row: { period: 2, periodStart: "2026-07-01", periodEnd: null }, sequence: 2, problems: ["Period start"] },
    { why: "a period that has not started", row: { period: 4, periodStart: null, periodEnd: null }, sequence: 4, problems: ["Period"], today: "2026-09-01" },
    { why: "neither number nor start", row: { period: null, periodStart: null, periodEnd: null }, sequence: undefined, problems: ["Period"] },
  ])("$why", ({ row, sequence, problems, today }) => {
    const r = reader([]);
    expect(findPeriod(r, pilot, row, today ?? "2026-11-23")?.sequence).toBe(sequence);
    expect(r.problems.map((p) => p.column)).toEqual(problems);
  });
});

describe("whether an imported result equals the stored one", () => {
  it.each([
    { a: { value: 5, respondents: null, numerator: null, denominator: null }, b: { value: 5, respondents: null, numerator: null, denominator: null }, same: true },
    { a: { value: 5, respondents: null, numerator: null, denominator: null }, b: { value: 6, respondents: null, numerator: null, denominator: null }, same: false },
    // A percentage's value is derived (and rounded): numerator and denominator decide.
    { a: { value: 33.333333, respondents: null, numerator: 1, denominator: 3 }, b: { value: 33.3333333333, respondents: null, numerator: 1, denominator: 3 }, same: true },
    { a: { value: 8, respondents: 10, numerator: null, denominator: null }, b: { value: 8, respondents: 11, numerator: null, denominator: null }, same: false },
  ])("$a.value/$a.respondents vs $b.value/$b.respondents: $same", ({ a, b, same }) => {
    expect(sameValues(a, b)).toBe(same);
  });
});
