import { describe, expect, it } from "vitest";
import luserna from "../../server/demo/luserna-san-giovanni-final-report.json" with { type: "json" };
import type { Status } from "../../shared/domain";
import { translate } from "../../server/i18n";
import { currentResult, evaluateProgress, explainProgress, totalResults, type IndicatorRuleFields, type PeriodResultValues, type ProgressInput } from "../../shared/progress";

const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" }; // 365 days, so day 183 is half-way
const HALF_WAY = "2020-07-01"; // 183 days elapsed of 365

const count = (over: Partial<IndicatorRuleFields> = {}): IndicatorRuleFields => ({
  measure: "count",
  cumulation: "increments",
  goalDirection: "at_least",
  baseline: 0,
  goal: 400,
  ...over,
});

function progress(over: Partial<ProgressInput> & { indicator: IndicatorRuleFields }) {
  return evaluateProgress({ pilot, tolerancePercent: 15, asOf: "2020-07-15", current: null, referenceDate: HALF_WAY, latestDuePeriodReported: true, ...over });
}

describe("status rule: counts are compared with the goal pro-rated to the elapsed share", () => {
  const cases: { name: string; current: number; expected: Status }[] = [
    { name: "half-way with 210 of 400 hours is on track", current: 210, expected: "on_track" },
    { name: "exactly on the pro-rated target is on track", current: 400 * (183 / 365), expected: "on_track" },
    { name: "10 % below the pro-rated target is at risk", current: 400 * (183 / 365) * 0.9, expected: "at_risk" },
    { name: "exactly 15 % below is still at risk", current: 400 * (183 / 365) * 0.85, expected: "at_risk" },
    { name: "20 % below is underperforming", current: 400 * (183 / 365) * 0.8, expected: "underperforming" },
    { name: "reaching the whole goal early is achieved", current: 400, expected: "achieved" },
  ];
  it.each(cases)("$name", ({ current, expected }) => {
    expect(progress({ indicator: count(), current }).status).toBe(expected);
  });

  it("pro-rates from the baseline, not from zero", () => {
    const result = progress({ indicator: count({ baseline: 100, goal: 500 }), current: 301 });
    expect(result.target).toBeCloseTo(100 + 400 * (183 / 365), 6);
    expect(result.status).toBe("on_track");
  });

  it("uses the tolerance the project sets", () => {
    const current = 400 * (183 / 365) * 0.9;
    expect(progress({ indicator: count(), current, tolerancePercent: 5 }).status).toBe("underperforming");
    expect(progress({ indicator: count(), current, tolerancePercent: 15 }).status).toBe("at_risk");
  });
});

describe("status rule: scores and percentages are compared with the goal directly", () => {
  const score: IndicatorRuleFields = { measure: "score", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 8 };
  const percentage: IndicatorRuleFields = { measure: "percentage", cumulation: "to_date", goalDirection: "at_least", baseline: 0, goal: 60 };
  it.each([
    { indicator: score, current: 8.6, expected: "achieved" },
    { indicator: score, current: 7.5, expected: "at_risk" },
    { indicator: score, current: 6.5, expected: "underperforming" },
    { indicator: percentage, current: 65.22, expected: "achieved" },
    { indicator: percentage, current: 55, expected: "at_risk" },
    { indicator: percentage, current: 40, expected: "underperforming" },
  ] as const)("$indicator.measure $current against $indicator.goal is $expected", ({ indicator, current, expected }) => {
    const result = progress({ indicator, current });
    expect(result.status).toBe(expected);
    expect(result.target).toBe(indicator.goal);
  });
});

describe("status rule: goals of the 'at most' kind invert the comparison", () => {
  const complaints = count({ goal: 12, goalDirection: "at_most" });
  it("a count below its pro-rated ceiling is on track, not yet achieved, while the pilot runs", () => {
    expect(progress({ indicator: complaints, current: 5 }).status).toBe("on_track");
  });
  it("a count above its pro-rated ceiling within tolerance is at risk", () => {
    expect(progress({ indicator: complaints, current: 6.5 }).status).toBe("at_risk");
  });
  it("a count well above its pro-rated ceiling is underperforming", () => {
    expect(progress({ indicator: complaints, current: 9 }).status).toBe("underperforming");
  });
  it("after the end, staying under the ceiling is achieved", () => {
    expect(progress({ indicator: complaints, current: 11, asOf: "2021-01-10", referenceDate: pilot.endDate }).status).toBe("achieved");
  });
  it("a score at most the goal is achieved at once", () => {
    const waiting: IndicatorRuleFields = { measure: "score", cumulation: "increments", goalDirection: "at_most", baseline: 0, goal: 5 };
    expect(progress({ indicator: waiting, current: 4 }).status).toBe("achieved");
    expect(progress({ indicator: waiting, current: 5.5 }).status).toBe("at_risk");
  });
});

describe("status rule: edge cases", () => {
  it("a zero 'at least' goal is achieved by any result", () => {
    expect(progress({ indicator: count({ goal: 0 }), current: 0 }).status).toBe("achieved");
    expect(progress({ indicator: count({ goal: 0 }), current: 0 }).percentOfGoal).toBeNull();
  });
  it("a zero 'at most' goal (no incidents) is underperforming with one incident", () => {
    const incidents = count({ goal: 0, goalDirection: "at_most" });
    expect(progress({ indicator: incidents, current: 0 }).status).toBe("on_track");
    expect(progress({ indicator: incidents, current: 1 }).status).toBe("underperforming");
    expect(progress({ indicator: incidents, current: 0, asOf: "2021-02-01" }).status).toBe("achieved");
  });
  it("a due period without a result is not reported, whatever the earlier results", () => {
    const result = progress({ indicator: count(), current: 300, latestDuePeriodReported: false });
    expect(result.status).toBe("not_reported");
    expect(result.current).toBe(300);
  });
  it("before any period is due and without results there is nothing to judge", () => {
    expect(progress({ indicator: count(), current: null, latestDuePeriodReported: null, referenceDate: null }).status).toBe("not_yet_due");
  });
  it("after the pilot's end a goal not met is never on track, even if it was ahead of the pro-rated line", () => {
    const ended = progress({ indicator: count(), current: 399, asOf: "2021-01-05", referenceDate: pilot.endDate });
    expect(ended.isFinal).toBe(true);
    expect(ended.target).toBe(400);
    expect(ended.status).toBe("at_risk");
  });
  it("a last short period pro-rates to the pilot's end: the full goal", () => {
    // Quarterly from 2020-01-01 to 2020-11-15: the last period is 1 Oct – 15 Nov.
    const shortPilot = { startDate: "2020-01-01", endDate: "2020-11-15" };
    const result = evaluateProgress({
      indicator: count(),
      pilot: shortPilot,
      tolerancePercent: 15,
      asOf: "2020-11-15",
      current: 390,
      referenceDate: "2020-11-15",
      latestDuePeriodReported: true,
    });
    expect(result.target).toBe(400);
    expect(result.status).toBe("at_risk");
  });
  it("a running-total count uses its latest value, not the sum", () => {
    const rows: PeriodResultValues[] = [
      { periodSequence: 1, periodEndDate: "2020-03-31", value: 5, respondents: null, numerator: null, denominator: null },
      { periodSequence: 2, periodEndDate: "2020-06-30", value: 8, respondents: null, numerator: null, denominator: null },
    ];
    expect(currentResult(count({ cumulation: "to_date" }), totalResults(rows))).toBe(8);
    expect(currentResult(count({ cumulation: "increments" }), totalResults(rows))).toBe(13);
    expect(currentResult(count({ cumulation: "increments", baseline: 10 }), totalResults(rows))).toBe(23);
  });
});

describe("the Luserna San Giovanni final report: 9 of 11 indicators achieved", () => {
  const asOf = "2021-10-01"; // the day after the pilot's end
  const lusernaPilot = { startDate: luserna.pilot.start, endDate: luserna.pilot.end };
  const expectations: Record<string, Status> = {
    "Number of tutoring hours for migrants": "at_risk",
    "Number of migrants who are informed of a rental guarantee opportunity": "underperforming",
  };
  const rows = [
    ...luserna.quantitativeIndicators.map((r) => ({ name: r.name, indicator: count({ goal: r.goal }), current: r.result })),
    ...luserna.qualitativeIndicators.map((r) => ({
      name: r.name,
      indicator: {
        measure: r.measure === "percentage" ? "percentage" : "score",
        cumulation: "to_date",
        goalDirection: "at_least",
        baseline: 0,
        goal: r.goal,
      } as IndicatorRuleFields,
      current: r.result,
    })),
  ];
  it.each(rows)("$name", ({ name, indicator, current }) => {
    const result = evaluateProgress({ indicator, pilot: lusernaPilot, tolerancePercent: 15, asOf, current, referenceDate: lusernaPilot.endDate, latestDuePeriodReported: true });
    const expected = expectations[name] ?? "achieved";
    expect(result.status).toBe(expected);
    expect(result.needsExplanation).toBe(expected !== "achieved");
  });
  it("counts 9 achieved", () => {
    const achieved = rows.filter(
      ({ indicator, current }) =>
        evaluateProgress({ indicator, pilot: lusernaPilot, tolerancePercent: 15, asOf, current, referenceDate: lusernaPilot.endDate, latestDuePeriodReported: true }).status ===
        "achieved",
    );
    expect(achieved).toHaveLength(9);
  });
  it("tutoring hours for migrants: 225 of 230 is 97.8 % of the goal", () => {
    const result = evaluateProgress({
      indicator: count({ goal: 230 }),
      pilot: lusernaPilot,
      tolerancePercent: 15,
      asOf,
      current: 225,
      referenceDate: lusernaPilot.endDate,
      latestDuePeriodReported: true,
    });
    expect(result.percentOfGoal).toBeCloseTo(97.826, 2);
    const explanation = explainProgress(result, { ...count({ goal: 230 }), unit: "hours" }, 15);
    expect(translate("en", explanation)).toBe("225 hours against a goal of 230 hours: 2.2% short of the target; tolerance 15%.");
    expect(translate("it", explanation)).toBe("225 hours rispetto a un obiettivo di 230 hours: 2,2\u00a0% sotto il valore atteso; tolleranza 15\u00a0%.");
  });
});

describe("current result of scores and percentages", () => {
  const row = (sequence: number, value: number, extra: Partial<PeriodResultValues> = {}): PeriodResultValues => ({
    periodSequence: sequence,
    periodEndDate: `2020-0${sequence}-28`,
    value,
    respondents: null,
    numerator: null,
    denominator: null,
    ...extra,
  });
  const score: IndicatorRuleFields = { measure: "score", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 8 };
  it("weights period means by respondents", () => {
    const totals = totalResults([row(1, 9, { respondents: 10 }), row(2, 6, { respondents: 30 })]);
    expect(currentResult(score, totals)).toBeCloseTo((9 * 10 + 6 * 30) / 40, 10);
  });
  it("falls back to the plain mean when a period does not state its respondents", () => {
    const totals = totalResults([row(1, 9, { respondents: 10 }), row(2, 6)]);
    expect(currentResult(score, totals)).toBe(7.5);
  });
  it("pools numerators and denominators when periods add up, or takes the latest when they state the total", () => {
    const rows = [row(1, 50, { numerator: 5, denominator: 10 }), row(2, 75, { numerator: 15, denominator: 20 })];
    const pooled: IndicatorRuleFields = { measure: "percentage", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 60 };
    expect(currentResult(pooled, totalResults(rows))).toBeCloseTo((100 * 20) / 30, 10);
    expect(currentResult({ ...pooled, cumulation: "to_date" }, totalResults(rows))).toBe(75);
  });
  it("has no result when nothing is reported", () => {
    expect(currentResult(score, totalResults([]))).toBeNull();
  });
});

describe("the explanation of a status, in the reader's language", () => {
  const explain = (input: Partial<ProgressInput> & { indicator: IndicatorRuleFields }, unit: string, language = "en") =>
    translate(
      language,
      explainProgress(
        evaluateProgress({ pilot, tolerancePercent: 15, asOf: HALF_WAY, current: null, referenceDate: HALF_WAY, latestDuePeriodReported: true, ...input }),
        { ...input.indicator, unit },
        15,
      ),
    );

  it("says when nothing is due yet or the due period is missing", () => {
    expect(explain({ indicator: count(), latestDuePeriodReported: null }, "hours")).toBe("No reporting period has ended yet.");
    expect(explain({ indicator: count(), latestDuePeriodReported: false }, "hours")).toBe("The latest period that is due has no result.");
  });
  it("compares a count with the goal pro-rated to today", () => {
    expect(explain({ indicator: count(), current: 250 }, "hours")).toBe("250 hours against a goal of 400 hours; expected by now 200.55 hours: on track.");
    expect(explain({ indicator: count(), current: 150 }, "hours")).toBe(
      "150 hours against a goal of 400 hours (expected by now 200.55 hours): 25.2% short of the target; tolerance 15%.",
    );
    expect(explain({ indicator: count(), current: 150 }, "hours", "de")).toBe(
      "150 hours bei einem Ziel von 400 hours (bis jetzt erwartet 200,55 hours): 25,2\u00a0% unter dem Sollwert; Toleranz 15\u00a0%.",
    );
  });
  it("writes percentages as percentages and an 'at most' goal as such", () => {
    const share = count({ measure: "percentage", cumulation: "to_date", goalDirection: "at_most", goal: 10 });
    expect(explain({ indicator: share, current: 11 }, "")).toBe("11% against a goal of at most 10%: 10% over the target; tolerance 15%.");
    expect(explain({ indicator: share, current: 65.2234 }, "", "it")).toBe(
      "65,22\u00a0% rispetto a un obiettivo di al massimo 10\u00a0%: 552,2\u00a0% sopra il valore atteso; tolleranza 15\u00a0%.",
    );
  });
  it("leaves out an empty unit", () => {
    const score = count({ measure: "score", goal: 8 });
    expect(explain({ indicator: score, current: 8.6 }, "")).toBe("8.6 against a goal of 8: goal achieved.");
    expect(explain({ indicator: score, current: 7.8 }, "", "es")).toBe("7,8 frente a un objetivo de 8: 2,5\u00a0% por debajo del valor esperado; tolerancia 15\u00a0%.");
  });
});
