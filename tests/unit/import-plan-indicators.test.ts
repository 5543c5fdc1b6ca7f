import { describe, expect, it } from "vitest";
import { changedDefinition, planIndicators } from "../../server/imports/plan/indicators";
import { englishProblems, hours, planState, sheet, valleyDesk, valleyRows } from "../support/planStore";

const header = "Code,Indicator,Kind,Measure,Cumulation,Unit,Baseline,Goal,Goal direction,Scale min,Scale max";
const storedHours = "LANG-H,Hours of language courses,quantitative,count,increments,hours,0,230,at_least,,";
const withResults = {
  ...valleyRows,
  results: [{ id: 1, indicatorId: hours.id, sequence: 1, value: 65, respondents: null, numerator: null, denominator: null, comment: "", version: 1 }],
};

describe("the Indicators sheet planner (into one pilot)", () => {
  it.each([
    { why: "the stored definition is unchanged", row: storedHours, counts: { create: 0, change: 0, unchanged: 1 }, problems: [] },
    { why: "a new goal is a change", row: storedHours.replace(",230,", ",1,"), counts: { create: 0, change: 1, unchanged: 0 }, problems: [] },
    {
      why: "a new code is a new indicator",
      row: "NEW-1,Families reached,quantitative,count,increments,families,0,80,at_least,,",
      counts: { create: 1, change: 0, unchanged: 0 },
      problems: [],
    },
    {
      why: "an indicator is found by name when the row has no code",
      row: ",hours of language courses,quantitative,count,increments,hours,0,500,at_least,,",
      counts: { create: 0, change: 1, unchanged: 0 },
      problems: [],
    },
    {
      why: "the measure cannot change once results exist",
      row: storedHours.replace("increments,hours", "to_date,hours"),
      stored: withResults,
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: [expect.stringMatching(/^2 Measure: /)],
    },
    {
      why: "a revision of the goal and baseline once results exist is sent to the indicator's form (decision 022)",
      row: storedHours.replace(",0,230,", ",5,300,"),
      stored: withResults,
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: [
        '2 Goal: "Hours of language courses" has 1 result: change its goal in the indicator\'s form, which asks for the reason of the revision.',
        '2 Baseline: "Hours of language courses" has 1 result: change its baseline in the indicator\'s form, which asks for the reason of the revision.',
      ],
    },
    {
      why: "other fields of an indicator with results change without a reason",
      row: storedHours.replace("increments,hours,", "increments,lesson hours,"),
      stored: withResults,
      counts: { create: 0, change: 1, unchanged: 0 },
      problems: [],
    },
    {
      why: "a missing kind and goal are named",
      row: "NEW-2,Something,,count,increments,,0,,at_least,,",
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: [expect.stringMatching(/^2 Kind: /), expect.stringMatching(/^2 Goal: /)],
    },
    {
      why: "a scale upside down is refused",
      row: "BAD,Broken score,qualitative,score,increments,,0,8,at_least,10,1",
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: ["2 Scale max: The maximum must be above the minimum."],
    },
  ])("$why", ({ row, stored, counts, problems }) => {
    const state = planState(stored ?? valleyRows, { pilotId: valleyDesk.id });
    planIndicators(state, sheet("Indicators", [header, row]));
    expect(englishProblems(state)).toEqual(problems);
    expect(state.counts.indicators).toEqual(counts);
    expect(state.indicatorWrites.length).toBe(counts.create + counts.change);
  });

  it("keeps the stored definition beside the new one, so that the audit line names what changed", () => {
    const state = planState(valleyRows, { pilotId: valleyDesk.id });
    planIndicators(state, sheet("Indicators", [header, storedHours.replace(",230,", ",1,")]));
    const [write] = state.indicatorWrites;
    expect(write).toMatchObject({ id: hours.id, write: "change", rows: [2] });
    expect(changedDefinition(write!.storedFields!, write!.fields)).toEqual({ before: { goal: 230 }, after: { goal: 1 } });
  });

  it("gives a new indicator the next display order, and refuses the same indicator twice", () => {
    const state = planState(valleyRows, { pilotId: valleyDesk.id });
    planIndicators(
      state,
      sheet("Indicators", [
        header,
        "NEW-1,Families reached,quantitative,count,increments,,0,80,at_least,,",
        "NEW-1,Families reached,quantitative,count,increments,,0,90,at_least,,",
      ]),
    );
    expect(state.indicatorWrites.map((i) => ({ code: i.fields.code, order: i.fields.displayOrder, write: i.write }))).toEqual([{ code: "NEW-1", order: 2, write: "create" }]);
    expect(englishProblems(state)).toEqual([expect.stringMatching(/^3 Indicator: .*row 2/)]);
  });

  it("refuses a row naming another pilot than the page's", () => {
    const state = planState(valleyRows, { pilotId: valleyDesk.id });
    planIndicators(state, sheet("Indicators", [`Pilot,${header}`, `Hill Desk,${storedHours}`]));
    expect(englishProblems(state)).toEqual([expect.stringMatching(/^2 Pilot: .*"Hill Desk"/)]);
  });
});
