import type { RevisedField, RevisionReasonCode } from "./domain";
import { message, type Message } from "./i18n/message";

/**
 * Original and current targets (docs/decisions/022-goal-revisions.md). A revision is a change of a goal,
 * baseline or milestones of an indicator that has results, recorded with its reason; the status is always
 * judged against the current value, which is the one stored on the indicator.
 */

export interface RevisionRecord {
  field: RevisedField;
  before: unknown;
  after: unknown;
  reasonCode: RevisionReasonCode;
  reasonText: string;
  authorName: string;
  at: string;
}

/** A correction of an error fixes what was contracted: it is recorded, but it is not a revision of the target. */
export const countsAsRevision = (reasonCode: RevisionReasonCode): boolean => reasonCode !== "error_correction";

/** A field changes the target when the values differ; milestones are compared by content. */
const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface FieldTarget<T> {
  /** The contracted value: before the first revision that counts, with the corrections of errors made before it. */
  original: T;
  /** What the indicator holds now; the status is judged against it. */
  current: T;
  /** True when original and current differ (a revision that came back to the original is not shown). */
  revised: boolean;
  /** The reason of the latest revision that counts, when the target is revised. */
  reason: { code: RevisionReasonCode; text: string } | null;
}

/**
 * The original and current value of one field. `revisions` are the indicator's recorded changes, oldest
 * first (any fields; only `field` is read). The original is the `before` of the first revision of the field
 * that counts; with none, nothing was revised and the original is the current value, whatever corrections
 * of errors came before (each corrected the contracted value itself).
 */
export function fieldTarget<T>(field: RevisedField, current: T, revisions: readonly RevisionRecord[]): FieldTarget<T> {
  const ofField = revisions.filter((r) => r.field === field);
  const counting = ofField.filter((r) => countsAsRevision(r.reasonCode));
  const first = counting[0];
  if (!first) return { original: current, current, revised: false, reason: null };
  const original = first.before as T;
  const revised = !sameValue(original, current);
  const latest = counting[counting.length - 1]!;
  return { original, current, revised, reason: revised ? { code: latest.reasonCode, text: latest.reasonText } : null };
}

/** The goal as the views show it when revised: "480 (revised from 400 — programme modification)". */
export function goalTarget(currentGoal: number, revisions: readonly RevisionRecord[]): FieldTarget<number> {
  return fieldTarget("goal", currentGoal, revisions);
}

/** A goal that differs from the contracted one: what every view shows beside the current goal. */
export interface GoalRevision {
  original: number;
  reason: { code: RevisionReasonCode; text: string };
}

/** The goal's revision, or null when the current goal is the original one. */
export function goalRevisionOf(currentGoal: number, revisions: readonly RevisionRecord[]): GoalRevision | null {
  const target = goalTarget(currentGoal, revisions);
  return target.revised && target.reason ? { original: target.original, reason: target.reason } : null;
}

/** "revised from 400 — programme modification", as a message each view says in its language (percentages as such). */
export function revisedGoalNote(revision: GoalRevision, measure: string): Message {
  return message(measure === "percentage" ? "revisions.revisedFromPercent" : "revisions.revisedFrom", { original: revision.original, reason: revision.reason.code });
}

/**
 * Which of the revised fields an edit changes: the ones that need a reason once results exist. Milestones
 * compare by content, numbers by value.
 */
export function revisedFieldsChanged(
  stored: { goal: number; baseline: number; milestones: readonly unknown[] },
  next: { goal: number; baseline: number; milestones: readonly unknown[] },
): RevisedField[] {
  const fields: RevisedField[] = [];
  if (stored.goal !== next.goal) fields.push("goal");
  if (stored.baseline !== next.baseline) fields.push("baseline");
  if (!sameValue(stored.milestones, next.milestones)) fields.push("milestones");
  return fields;
}

/**
 * The one rule of when a change asks for a reason (docs/decisions/022): once the indicator has results,
 * any change of its goal, baseline or milestones. Without results it is still being set up, and nothing is
 * asked. The indicator's form asks for the reason; the spreadsheet import, which has no column for one,
 * refuses such a row and sends the person to the form.
 */
export const revisionNeedsReason = (resultCount: number, revisedFields: readonly unknown[]): boolean => resultCount > 0 && revisedFields.length > 0;
