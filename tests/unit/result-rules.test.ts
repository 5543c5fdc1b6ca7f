import { describe, expect, it } from "vitest";
import { translate } from "../../server/i18n";
import { message } from "../../shared/i18n/message";
import { checkEnteredValues, missingExplanation, progressAtPeriodEnd, storedValueMessage, type IndicatorForEntry } from "../../shared/resultRules";
import { progressSeries } from "../../shared/series";

const none = { value: null, respondents: null, numerator: null, denominator: null };
const countIndicator: IndicatorForEntry = { measure: "count", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 400, scaleMin: null, scaleMax: null };
const scoreIndicator: IndicatorForEntry = { ...countIndicator, measure: "score", goal: 8, scaleMin: 1, scaleMax: 10 };
const percentageIndicator: IndicatorForEntry = { ...countIndicator, measure: "percentage", cumulation: "to_date", goal: 60 };

describe("values entered for each measure", () => {
  it("a count must be a non-negative number", () => {
    expect(checkEnteredValues(countIndicator, { ...none, value: 405 })).toEqual({ ok: true, values: { ...none, value: 405 } });
    expect(checkEnteredValues(countIndicator, { ...none, value: -1 })).toEqual({ ok: false, fieldErrors: { value: message("resultRules.countNegative") } });
    expect(checkEnteredValues(countIndicator, none)).toEqual({ ok: false, fieldErrors: { value: message("resultRules.enterNumber") } });
  });

  it("a score must be on its scale and state its respondents", () => {
    expect(checkEnteredValues(scoreIndicator, { ...none, value: 8.6, respondents: 20 })).toEqual({ ok: true, values: { ...none, value: 8.6, respondents: 20 } });
    const outside = checkEnteredValues(scoreIndicator, { ...none, value: 11, respondents: 0 });
    expect(outside).toEqual({
      ok: false,
      fieldErrors: { value: message("resultRules.scoreOffScale", { min: 1, max: 10 }), respondents: message("resultRules.respondentsWholeNumber") },
    });
    if (outside.ok) return;
    expect(translate("en", outside.fieldErrors.value!)).toBe("The score must be on the scale from 1 to 10.");
    expect(translate("it", outside.fieldErrors.respondents!)).toBe("I rispondenti devono essere un numero intero, almeno 1.");
    const decimalScale = checkEnteredValues({ ...scoreIndicator, scaleMin: 0.5, scaleMax: 4.5 }, { ...none, value: 5, respondents: 3 });
    expect(!decimalScale.ok && translate("it", decimalScale.fieldErrors.value!)).toBe("Il punteggio deve stare sulla scala da 0,5 a 4,5.");
  });

  it("a percentage is computed from numerator and denominator: 15 of 23 is 65.22 %", () => {
    const checked = checkEnteredValues(percentageIndicator, { ...none, numerator: 15, denominator: 23 });
    expect(checked.ok && checked.values.value).toBeCloseTo(65.217391, 5);
    expect(checkEnteredValues(percentageIndicator, { ...none, numerator: 24, denominator: 23 })).toEqual({
      ok: false,
      fieldErrors: { numerator: message("resultRules.numeratorAboveDenominator") },
    });
    expect(checkEnteredValues(percentageIndicator, { ...none, numerator: 1, denominator: 0 })).toEqual({
      ok: false,
      fieldErrors: { denominator: message("resultRules.denominatorNotPositive") },
    });
  });
});

describe("what the rules say to people", () => {
  it("asks for an explanation only when one is needed and missing", () => {
    expect(missingExplanation({ needsExplanation: true }, "  ")).toEqual(message("resultRules.explanationRequired"));
    expect(missingExplanation({ needsExplanation: true }, "Snow closed the road.")).toBeNull();
    expect(missingExplanation({ needsExplanation: false }, "")).toBeNull();
  });

  it("states a stored value with its numbers in the reader's language", () => {
    const share = storedValueMessage({ measure: "percentage", unit: "" }, { value: 65.217391, respondents: null, numerator: 15, denominator: 23 });
    expect(translate("en", share)).toBe("15 of 23 (65.22%)");
    expect(translate("it", share)).toBe("15 su 23 (65,22\u00a0%)");
    const score = storedValueMessage({ measure: "score", unit: "" }, { value: 8.6, respondents: 12, numerator: null, denominator: null });
    expect(translate("en", score)).toBe("8.6 (12 respondents)");
    expect(translate("de", score)).toBe("8,6 (12 Antwortende)");
    expect(translate("en", storedValueMessage({ measure: "count", unit: "hours" }, { value: 1234.5, respondents: null, numerator: null, denominator: null }))).toBe(
      "1,234.5 hours",
    );
  });
});

describe("the status a value would give at the end of its period", () => {
  const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" };
  it("a count below expected progress needs an explanation; on track does not", () => {
    const period = { sequence: 2, endDate: "2020-07-01" };
    const earlier = [{ periodSequence: 1, periodEndDate: "2020-03-31", value: 100, respondents: null, numerator: null, denominator: null }];
    const behind = progressAtPeriodEnd({ indicator: countIndicator, pilot, tolerancePercent: 15, period, values: { ...none, value: 50 }, otherResults: earlier });
    expect(behind.status).toBe("underperforming");
    expect(behind.needsExplanation).toBe(true);
    const ahead = progressAtPeriodEnd({ indicator: countIndicator, pilot, tolerancePercent: 15, period, values: { ...none, value: 110 }, otherResults: earlier });
    expect(ahead.status).toBe("on_track");
    expect(ahead.needsExplanation).toBe(false);
  });

  it("later periods do not count towards an earlier period's status", () => {
    const later = [{ periodSequence: 3, periodEndDate: "2020-09-30", value: 400, respondents: null, numerator: null, denominator: null }];
    const result = progressAtPeriodEnd({
      indicator: countIndicator,
      pilot,
      tolerancePercent: 15,
      period: { sequence: 1, endDate: "2020-03-31" },
      values: { ...none, value: 10 },
      otherResults: later,
    });
    expect(result.status).toBe("underperforming");
  });

  it("the last period is judged against the full goal", () => {
    const result = progressAtPeriodEnd({
      indicator: countIndicator,
      pilot,
      tolerancePercent: 15,
      period: { sequence: 4, endDate: pilot.endDate },
      values: { ...none, value: 399 },
      otherResults: [],
    });
    expect(result.isFinal).toBe(true);
    expect(result.status).toBe("at_risk");
  });
});

describe("chart series", () => {
  it("draws the cumulative result against the pro-rated goal and stops after the last report", () => {
    const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" };
    const periods = [
      { sequence: 1, startDate: "2020-01-01", endDate: "2020-07-01" },
      { sequence: 2, startDate: "2020-07-02", endDate: "2020-12-30" },
    ];
    const series = progressSeries(countIndicator, pilot, periods, [
      { periodSequence: 1, periodEndDate: "2020-07-01", value: 210, respondents: null, numerator: null, denominator: null },
    ]);
    expect(series[0]).toMatchObject({ periodValue: 210, resultToDate: 210 });
    expect(series[0]!.target).toBeCloseTo(400 * (183 / 365), 6);
    expect(series[1]).toMatchObject({ periodValue: null, resultToDate: null, target: 400 });
  });
});
