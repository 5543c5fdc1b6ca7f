import type { Action } from "./access";
import type { ReviewState } from "./domain";

/**
 * The review workflow of a pilot's period report: draft → submitted → approved, or returned with the
 * manager's comment → corrected and resubmitted. An approved period is locked until a manager reopens it
 * with a reason. Results can be saved only while the report is a draft or returned. The steps' names are
 * in the catalogues (reviews.steps.*).
 */
export const reviewSteps = {
  submit: { from: ["draft", "returned"], to: "submitted", action: "enterResults" },
  return: { from: ["submitted"], to: "returned", action: "review" },
  approve: { from: ["submitted"], to: "approved", action: "review" },
  reopen: { from: ["approved"], to: "draft", action: "review" },
} as const satisfies Record<string, { from: readonly ReviewState[]; to: ReviewState; action: Action }>;
export type ReviewStep = keyof typeof reviewSteps;

export const canTakeStep = (step: ReviewStep, state: ReviewState) => (reviewSteps[step].from as readonly ReviewState[]).includes(state);

/** Whether results of a period in this state can be changed. */
export const isEditable = (state: ReviewState) => state === "draft" || state === "returned";

/** A comment is required to return a report, and a reason to reopen one. */
export const needsComment = (step: ReviewStep) => step === "return" || step === "reopen";
