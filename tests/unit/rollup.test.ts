import { describe, expect, it } from "vitest";
import { currentResult, totalResults, type PeriodResultValues } from "../../shared/progress";
import { translate } from "../../server/i18n";
import { codeKey, rollUpByCode, type RollupAggregation, type RollupMember } from "../../shared/rollup";

type Entry = { value: number; respondents?: number | null; numerator?: number; denominator?: number };

/** A pilot's indicator with its period results, its current result computed by the status rule. */
function member(over: Partial<Omit<RollupMember, "current" | "totals" | "latestFraction">> & { results: Entry[] }): RollupMember {
  const base = {
    pilotTitle: "Pilot",
    code: "X",
    name: "Indicator",
    measure: "count" as const,
    cumulation: "increments" as const,
    unit: "people",
    goal: 100,
    goalDirection: "at_least" as const,
    scaleMin: null,
    scaleMax: null,
    ...over,
  };
  const values: PeriodResultValues[] = over.results.map((r, index) => ({
    periodSequence: index + 1,
    periodEndDate: `2021-0${index + 1}-28`,
    value: r.value,
    respondents: r.respondents ?? null,
    numerator: r.numerator ?? null,
    denominator: r.denominator ?? null,
  }));
  const totals = totalResults(values);
  const last = values.at(-1);
  return {
    ...base,
    current: currentResult({ measure: base.measure, cumulation: base.cumulation, baseline: 0 }, totals),
    totals,
    latestFraction: last ? { numerator: last.numerator, denominator: last.denominator } : null,
  };
}

const score = (pilotTitle: string, results: Entry[], over: Partial<RollupMember> = {}) =>
  member({ pilotTitle, measure: "score", unit: "grade", goal: 8, scaleMin: 1, scaleMax: 10, results, ...over });
const percentage = (pilotTitle: string, results: Entry[], over: Partial<RollupMember> = {}) =>
  member({ pilotTitle, measure: "percentage", unit: "", goal: 60, results: results.map((r) => ({ ...r, value: (100 * r.numerator!) / r.denominator! })), ...over });

describe("project roll-up of indicators that share a code", () => {
  const cases: {
    name: string;
    members: RollupMember[];
    aggregation: RollupAggregation;
    result: number | null;
    goal: number | null;
    fraction?: number | null;
    extra?: Partial<Record<"respondents" | "numerator" | "denominator" | "reportedCount", number | null>>;
    note?: RegExp;
  }[] = [
    {
      name: "counts are summed, goals too",
      members: [member({ pilotTitle: "A", goal: 100, results: [{ value: 30 }, { value: 20 }] }), member({ pilotTitle: "B", goal: 300, results: [{ value: 150 }] })],
      aggregation: "sum",
      result: 200,
      goal: 400,
      fraction: 0.5,
    },
    {
      name: "counts of totals to date add the latest totals, with a warning about double counting",
      members: [
        member({ pilotTitle: "A", cumulation: "to_date", goal: 10, results: [{ value: 4 }, { value: 6 }] }),
        member({ pilotTitle: "B", cumulation: "to_date", goal: 10, results: [{ value: 5 }] }),
      ],
      aggregation: "sum",
      result: 11,
      goal: 20,
      note: /counted twice/,
    },
    {
      name: "a pilot that has not reported adds its goal but no result, and is named",
      members: [member({ pilotTitle: "A", goal: 100, results: [{ value: 40 }] }), member({ pilotTitle: "Slow pilot", goal: 100, results: [] })],
      aggregation: "sum",
      result: 40,
      goal: 200,
      fraction: 0.2,
      extra: { reportedCount: 1 },
      note: /Not reported yet by Slow pilot: the total covers 1 of 2 pilots/,
    },
    {
      name: "scores are averaged weighted by respondents (8 × 10 and 6 × 30 give 6.5, not 7)",
      members: [score("A", [{ value: 8, respondents: 10 }]), score("B", [{ value: 6, respondents: 30 }])],
      aggregation: "respondent_weighted_mean",
      result: 6.5,
      goal: 8,
      fraction: 6.5 / 8,
      extra: { respondents: 40 },
    },
    {
      name: "a pilot's several periods each count with their own respondents",
      members: [
        score("A", [
          { value: 9, respondents: 10 },
          { value: 7, respondents: 10 },
        ]),
        score("B", [{ value: 5, respondents: 20 }]),
      ],
      aggregation: "respondent_weighted_mean",
      result: (90 + 70 + 100) / 40,
      goal: 8,
      extra: { respondents: 40 },
    },
    {
      name: "scores without respondents fall back to the plain mean of the pilots' means, and say so",
      members: [score("A", [{ value: 8, respondents: 10 }]), score("Luserna", [{ value: 6, respondents: null }])],
      aggregation: "unweighted_mean",
      result: 7,
      goal: 8,
      note: /Luserna did not state respondents/,
    },
    {
      name: "scores with different goals have no common goal",
      members: [score("A", [{ value: 8, respondents: 10 }], { goal: 8 }), score("B", [{ value: 8, respondents: 10 }], { goal: 7 })],
      aggregation: "respondent_weighted_mean",
      result: 8,
      goal: null,
      fraction: null,
      note: /goals differ \(between 7 and 8\)/,
    },
    {
      name: "percentages pool numerators and denominators (15 of 23 and 5 of 7 give 20 of 30)",
      members: [
        percentage("A", [{ value: 0, numerator: 15, denominator: 23 }], { cumulation: "to_date" }),
        percentage("B", [{ value: 0, numerator: 5, denominator: 7 }], { cumulation: "to_date" }),
      ],
      aggregation: "pooled_percentage",
      result: (100 * 20) / 30,
      goal: 60,
      extra: { numerator: 20, denominator: 30 },
    },
    {
      name: "a 'to date' percentage contributes only its latest period",
      members: [
        percentage(
          "A",
          [
            { value: 0, numerator: 1, denominator: 10 },
            { value: 0, numerator: 8, denominator: 10 },
          ],
          { cumulation: "to_date" },
        ),
        percentage("B", [{ value: 0, numerator: 2, denominator: 10 }], { cumulation: "to_date" }),
      ],
      aggregation: "pooled_percentage",
      result: 50,
      goal: 60,
      extra: { numerator: 10, denominator: 20 },
    },
    {
      name: "an 'each period adds' percentage contributes all its periods",
      members: [
        percentage(
          "A",
          [
            { value: 0, numerator: 1, denominator: 10 },
            { value: 0, numerator: 8, denominator: 10 },
          ],
          { cumulation: "increments" },
        ),
        percentage("B", [{ value: 0, numerator: 1, denominator: 20 }], { cumulation: "increments" }),
      ],
      aggregation: "pooled_percentage",
      result: 25,
      goal: 60,
      extra: { numerator: 10, denominator: 40 },
    },
    {
      name: "different measures are not totalled",
      members: [member({ pilotTitle: "A", results: [{ value: 1 }] }), score("B", [{ value: 8, respondents: 3 }])],
      aggregation: "not_comparable",
      result: null,
      goal: null,
      note: /measure different things/,
    },
    {
      name: "counts in different units are not totalled",
      members: [member({ pilotTitle: "A", unit: "hours", results: [{ value: 1 }] }), member({ pilotTitle: "B", unit: "people", results: [{ value: 1 }] })],
      aggregation: "not_comparable",
      result: null,
      goal: null,
      note: /units differ \("hours", "people"\)/,
    },
    {
      name: "scores on different scales are not totalled",
      members: [score("A", [{ value: 8, respondents: 3 }]), score("B", [{ value: 4, respondents: 3 }], { scaleMin: 1, scaleMax: 5 })],
      aggregation: "not_comparable",
      result: null,
      goal: null,
      note: /different scales/,
    },
    {
      name: "'at least' and 'at most' goals are not totalled",
      members: [member({ pilotTitle: "A", results: [{ value: 1 }] }), member({ pilotTitle: "B", goalDirection: "at_most", results: [{ value: 1 }] })],
      aggregation: "not_comparable",
      result: null,
      goal: null,
      note: /"at least" and others "at most"/,
    },
  ];

  it.each(cases)("$name", ({ members, aggregation, result, goal, fraction, extra, note }) => {
    const [total, ...others] = rollUpByCode(members);
    expect(others).toEqual([]);
    expect(total!.aggregation).toBe(aggregation);
    if (result === null) expect(total!.result).toBeNull();
    else expect(total!.result).toBeCloseTo(result, 9);
    expect(total!.goal).toBe(goal);
    if (fraction !== undefined) {
      if (fraction === null) expect(total!.fractionOfGoal).toBeNull();
      else expect(total!.fractionOfGoal).toBeCloseTo(fraction, 9);
    }
    for (const [key, value] of Object.entries(extra ?? {})) expect(total![key as keyof typeof extra]).toBe(value);
    // Notes are Messages; their English translation keeps the wording checked.
    const notes = total!.notes.map((n) => translate("en", n));
    if (note) expect(notes.join(" ")).toMatch(note);
    else expect(notes.filter((n) => !/counted twice/.test(n))).toEqual([]);
  });

  it("totals only codes that at least two indicators share, matching codes without case or spaces", () => {
    const totals = rollUpByCode([
      member({ pilotTitle: "A", code: "mig-inv ", results: [{ value: 10 }] }),
      member({ pilotTitle: "B", code: "MIG-INV", results: [{ value: 5 }] }),
      member({ pilotTitle: "B", code: "LANG-H", results: [{ value: 5 }] }),
      member({ pilotTitle: "C", code: null, results: [{ value: 5 }] }),
      member({ pilotTitle: "D", code: "  ", results: [{ value: 5 }] }),
    ]);
    expect(totals.map((t) => [t.code, t.result, t.pilotCount])).toEqual([["MIG-INV", 15, 2]]);
    expect(codeKey("  ")).toBeNull();
  });

  it("keeps each pilot's own name for the shared code", () => {
    const [total] = rollUpByCode([
      member({ pilotTitle: "A", name: "Migrants involved", results: [{ value: 1 }] }),
      member({ pilotTitle: "B", name: "Migrants reached", results: [{ value: 1 }] }),
      member({ pilotTitle: "C", name: "Migrants involved", results: [{ value: 1 }] }),
    ]);
    expect(total!.names).toEqual(["Migrants involved", "Migrants reached"]);
    expect(total!.result).toBe(3);
  });
});

describe("roll-up of issue 23's kinds (docs/decisions/008, 017)", () => {
  /** A member whose current result the test states, with the totals of its periods. */
  const withCurrent = (m: RollupMember, current: number | null): RollupMember => ({ ...m, current });
  const direct = (pilotTitle: string, results: Entry[]) =>
    member({
      pilotTitle,
      measure: "percentage",
      unit: "%",
      goal: 40,
      entryForm: "direct_percentage",
      results: results.map((r) => ({ value: r.value, respondents: r.respondents ?? null })),
    });

  it("adds the pilots' current levels and says so", () => {
    const a = withCurrent(member({ pilotTitle: "A", cumulation: "level", unit: "visitors per month", goal: 100, results: [{ value: 90 }, { value: 110 }] }), 110);
    const b = withCurrent(member({ pilotTitle: "B", cumulation: "level", unit: "visitors per month", goal: 50, results: [{ value: 40 }] }), 40);
    const [total] = rollUpByCode([a, b]);
    expect(total).toMatchObject({ aggregation: "sum", result: 150, goal: 150 });
    expect(total!.notes.map((n) => translate("en", n))).toEqual(["The pilots' current levels are added: the total is the level of all pilots together."]);
  });

  it("does not add a level to a total", () => {
    const level = withCurrent(member({ pilotTitle: "A", cumulation: "level", results: [{ value: 90 }] }), 90);
    const total = member({ pilotTitle: "B", results: [{ value: 40 }] });
    expect(rollUpByCode([level, total])[0]).toMatchObject({ aggregation: "not_comparable", result: null });
  });

  it("pools direct percentages by their bases when every period gives one", () => {
    const a = withCurrent(direct("A", [{ value: 50, respondents: 100 }]), 50);
    const b = withCurrent(direct("B", [{ value: 20, respondents: 300 }]), 20);
    const [total] = rollUpByCode([a, b]);
    expect(total).toMatchObject({ aggregation: "pooled_percentage", numerator: 110, denominator: 400 });
    expect(total!.result).toBeCloseTo(27.5, 9);
  });

  it("takes the plain mean of direct percentages when a base is missing, and says whose", () => {
    const a = withCurrent(direct("A", [{ value: 50, respondents: 100 }]), 50);
    const b = withCurrent(direct("B", [{ value: 20 }]), 20);
    const [total] = rollUpByCode([a, b]);
    expect(total).toMatchObject({ aggregation: "unweighted_mean", result: 35 });
    expect(translate("en", total!.notes[0]!)).toMatch(/^B did not state/);
  });
});
