import { describe, expect, it } from "vitest";
import {
  aggregateContributions,
  contributionValue,
  definitionWarnings,
  programmeCodeKey,
  programmeFigure,
  projectReportingPeriods,
  reportFigures,
  starterIndicators,
  type ContributionState,
} from "../../shared/programmeIndicators";

const state = (overrides: Partial<ContributionState>): ContributionState => ({
  pilotId: 1,
  pilotEndDate: "2025-12-31",
  rule: "value",
  status: "on_track",
  current: 5,
  ...overrides,
});

describe("what one pilot indicator contributes", () => {
  it("gives its value, or 1 once achieved and 0 before", () => {
    expect(contributionValue(state({}), "during", "2025-06-30")).toBe(5);
    expect(contributionValue(state({ rule: "one_when_achieved" }), "during", "2025-06-30")).toBe(0);
    expect(contributionValue(state({ rule: "one_when_achieved", status: "achieved" }), "during", "2025-06-30")).toBe(1);
    expect(contributionValue(state({ current: null }), "during", "2025-06-30")).toBeNull();
  });

  it("counts nothing before the pilot's end when measured upon finalisation", () => {
    expect(contributionValue(state({}), "upon_finalisation", "2025-12-30")).toBeNull();
    expect(contributionValue(state({}), "upon_finalisation", "2025-12-31")).toBe(5);
  });
});

describe("the project's figure", () => {
  const values = [
    { pilotId: 1, value: 1 },
    { pilotId: 1, value: 1 },
    { pilotId: 2, value: 0 },
    { pilotId: 3, value: null },
    { pilotId: 4, value: 4 },
  ];
  it("sums, counts distinct pilots with something, or averages what is reported", () => {
    expect(aggregateContributions("sum", values)).toBe(6);
    expect(aggregateContributions("count_distinct", values)).toBe(2);
    expect(aggregateContributions("mean", values)).toBe(1.5);
    expect(aggregateContributions("sum", [])).toBe(0);
    expect(aggregateContributions("mean", [{ pilotId: 1, value: null }])).toBeNull();
  });

  it("says what is still due, never below zero, and nothing for a mean", () => {
    expect(programmeFigure({ aggregation: "sum", measurementTime: "during" }, 8, [state({}), state({ pilotId: 2, current: 1 })], "2025-06-30")).toEqual({
      achieved: 6,
      stillDue: 2,
    });
    expect(programmeFigure({ aggregation: "sum", measurementTime: "during" }, 3, [state({})], "2025-06-30").stillDue).toBe(0);
    expect(programmeFigure({ aggregation: "mean", measurementTime: "during" }, 3, [state({})], "2025-06-30").stillDue).toBeNull();
  });

  it("makes this report the difference of the cumulative and the previous figure", () => {
    expect(reportFigures("sum", 15, 7, 14)).toEqual({ target: 15, previouslyReported: 7, thisReport: 7, cumulative: 14 });
    expect(reportFigures("mean", 3, 2, 2.5).thisReport).toBeNull();
  });
});

describe("definition warnings", () => {
  const programme = { unit: "organisations", aggregation: "sum" as const };
  const count = { measure: "count" as const, cumulation: "increments" as const, goalDirection: "at_least" as const, unit: "Organisation" };
  it("accepts the same unit written differently, and flags another unit, direction or a non-count", () => {
    expect(definitionWarnings(programme, count, "value")).toEqual([]);
    expect(definitionWarnings(programme, { ...count, unit: "people" }, "value").map((w) => w.key)).toEqual(["programme.warnings.unit"]);
    expect(definitionWarnings(programme, { ...count, unit: "people" }, "one_when_achieved")).toEqual([]);
    expect(definitionWarnings(programme, { ...count, goalDirection: "at_most" }, "value").map((w) => w.key)).toEqual(["programme.warnings.direction"]);
    expect(definitionWarnings(programme, { ...count, cumulation: "level" }, "value").map((w) => w.key)).toEqual(["programme.warnings.cumulation"]);
    expect(definitionWarnings({ unit: "%", aggregation: "mean" }, { ...count, measure: "percentage", unit: "" }, "value")).toEqual([]);
  });
});

describe("the starter list and reporting periods", () => {
  it("holds the six common indicators once each, under codes that ignore spaces and case", () => {
    expect(starterIndicators.map((s) => s.code)).toEqual(["RCO 84", "RCO 83", "RCO 87", "RCO 116", "RCR 79", "RCR 84"]);
    expect(programmeCodeKey("rco 84")).toBe(programmeCodeKey("RCO84"));
    expect(new Set(starterIndicators.map((s) => programmeCodeKey(s.code))).size).toBe(6);
  });

  it("cuts a project into six-month periods from its start, the last one ending with the project", () => {
    expect(projectReportingPeriods({ startDate: "2025-03-01", endDate: "2026-05-31" })).toEqual([
      { sequence: 1, startDate: "2025-03-01", endDate: "2025-08-31" },
      { sequence: 2, startDate: "2025-09-01", endDate: "2026-02-28" },
      { sequence: 3, startDate: "2026-03-01", endDate: "2026-05-31" },
    ]);
  });
});
