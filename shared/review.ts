import type { Action } from "./access";
import type { ReviewState } from "./domain";

/**
 * The review workflow of a pilot's period report: draft → submitted → approved, or returned with the
 * manager's comment → corrected and resubmitted. An approved period is locked until a manager reopens it
 * with a reason. Until a reviewer acts, whoever may submit can withdraw the submission back to draft.
 * Results can be saved only while the report is a draft or returned. The steps' names are in the
 * catalogues (reviews.steps.*); docs/decisions/010-review-workflow.md has the rules.
 */
export const reviewSteps = {
  submit: { from: ["draft", "returned"], to: "submitted", action: "enterResults" },
  withdraw: { from: ["submitted"], to: "draft", action: "enterResults" },
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

/** How much of a period is reported: what the reviewer is told and what submitting checks. */
export interface PeriodCompleteness {
  /** Active (not archived) indicators of the pilot. */
  expected: number;
  /** Of those, the ones with a result for the period. */
  reported: number;
  /** The active indicators without a result, in display order. */
  missing: { id: number; name: string }[];
  /**
   * "Missing comments": results whose status at the period's end (below goal or expected progress,
   * with the indicator's current goal) needs an explanation, and that have none. The period form
   * refuses such a save, but a corrected goal or the stakeholder register can leave one.
   */
  unexplained: { id: number; name: string }[];
}

/**
 * Whether a period may be submitted: never with no result at all (there is nothing to review), with
 * some indicators missing only when the person confirmed it after being told which.
 */
export type SubmissionCheck = "empty" | "needsConfirmation" | "allowed";

export function submissionCheck(completeness: Pick<PeriodCompleteness, "expected" | "reported">, confirmIncomplete: boolean): SubmissionCheck {
  if (completeness.reported === 0) return "empty";
  if (completeness.reported < completeness.expected && !confirmIncomplete) return "needsConfirmation";
  return "allowed";
}
