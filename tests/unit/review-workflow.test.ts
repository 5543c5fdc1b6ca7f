import { describe, expect, it } from "vitest";
import { reviewStates, type ReviewState } from "../../shared/domain";
import { canTakeStep, isEditable, needsComment, reviewSteps, submissionCheck, type ReviewStep } from "../../shared/review";

/** The whole workflow as a table: for each step, the states it may start from, where it leads and who takes it. */
const table: { step: ReviewStep; from: ReviewState[]; to: ReviewState; by: "enterResults" | "review"; comment: boolean }[] = [
  { step: "submit", from: ["draft", "returned"], to: "submitted", by: "enterResults", comment: false },
  { step: "withdraw", from: ["submitted"], to: "draft", by: "enterResults", comment: false },
  { step: "return", from: ["submitted"], to: "returned", by: "review", comment: true },
  { step: "approve", from: ["submitted"], to: "approved", by: "review", comment: false },
  { step: "reopen", from: ["approved"], to: "draft", by: "review", comment: true },
];

describe("the review workflow table", () => {
  it("has exactly the steps of the table", () => {
    expect(Object.keys(reviewSteps).sort()).toEqual(table.map((row) => row.step).sort());
  });

  for (const row of table) {
    describe(row.step, () => {
      for (const state of reviewStates) {
        const allowed = row.from.includes(state);
        it(`${allowed ? "may" : "may not"} start from ${state}`, () => expect(canTakeStep(row.step, state)).toBe(allowed));
      }
      it(`leads to ${row.to}, taken by whoever may ${row.by}`, () => expect(reviewSteps[row.step]).toMatchObject({ to: row.to, action: row.by }));
      it(row.comment ? "needs a comment" : "needs no comment", () => expect(needsComment(row.step)).toBe(row.comment));
    });
  }

  it("lets results change only in draft and returned", () => {
    expect(reviewStates.filter(isEditable)).toEqual(["draft", "returned"]);
  });

  it("withdrawing is open only while nobody reviewed: a reviewer's step leaves the submitted state", () => {
    for (const reviewerStep of ["return", "approve"] as const) expect(canTakeStep("withdraw", reviewSteps[reviewerStep].to)).toBe(false);
  });
});

describe("whether a period may be submitted", () => {
  const cases: { expected: number; reported: number; confirmed: boolean; check: ReturnType<typeof submissionCheck> }[] = [
    { expected: 3, reported: 0, confirmed: false, check: "empty" },
    { expected: 3, reported: 0, confirmed: true, check: "empty" },
    { expected: 0, reported: 0, confirmed: true, check: "empty" },
    { expected: 3, reported: 1, confirmed: false, check: "needsConfirmation" },
    { expected: 3, reported: 2, confirmed: true, check: "allowed" },
    { expected: 3, reported: 3, confirmed: false, check: "allowed" },
  ];
  for (const c of cases)
    it(`${c.reported} of ${c.expected} reported, ${c.confirmed ? "confirmed" : "not confirmed"}: ${c.check}`, () =>
      expect(submissionCheck({ expected: c.expected, reported: c.reported }, c.confirmed)).toBe(c.check));
});
