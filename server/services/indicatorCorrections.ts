import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicators, pilots, results } from "../../db/schema";
import { message, type Message } from "../../shared/i18n/message";
import { messageOfIssue } from "../../shared/i18n/translateIssue";
import { revisedFieldsChanged, revisionNeedsReason } from "../../shared/revisions";
import { FIXED_ONCE_REPORTED, indicatorFields, type IndicatorCorrections, type IndicatorFixedFields, type RevisionReason } from "../../shared/schemas";
import { nowTimestamp } from "../clock";
import { invalidInput, userError } from "../errors";
import { recordAudit, type Actor } from "./audit";
import { assertVersionedUpdate } from "./optimisticUpdate";
import { assertRevisionReason, recordRevisions, type RevisedChange } from "../writes/indicatorRevisions";

type Handle = Pick<AppDatabase, "select" | "update" | "insert">;

type IndicatorRow = typeof indicators.$inferSelect;

/** What an edit may ask to change; fields left out, or given with the stored value, stay as they are. */
export type IndicatorChanges = Partial<IndicatorCorrections & IndicatorFixedFields>;

export interface IndicatorCorrection {
  before: IndicatorRow;
  /** The fields that changed, in the order of the form. */
  changed: (keyof IndicatorChanges)[];
  version: number;
}

/**
 * Milestones must fall inside the pilot (the rule ignores any other, so one outside would be silently
 * lost): each one outside is refused next to its date. The pilot's dates are not in the indicator's
 * fields, hence here and not in shared/schemas.ts.
 */
export function assertMilestonesWithinPilot(tx: Handle, pilotId: number, milestones: readonly { date: string }[]): void {
  if (milestones.length === 0) return;
  const pilot = tx.select({ startDate: pilots.startDate, endDate: pilots.endDate }).from(pilots).where(eq(pilots.id, pilotId)).get();
  if (!pilot) return;
  const fieldErrors: Record<string, Message> = {};
  milestones.forEach((m, index) => {
    if (m.date <= pilot.startDate || m.date >= pilot.endDate)
      fieldErrors[`milestones.${index}.date`] = message("validation.milestoneOutsidePilot", { start: pilot.startDate, end: pilot.endDate });
  });
  if (Object.keys(fieldErrors).length > 0) throw invalidInput(message("indicatorForm.errors.checkFields", { count: Object.keys(fieldErrors).length }), fieldErrors);
}

const isFixedOnceReported = (field: string): field is (typeof FIXED_ONCE_REPORTED)[number] => (FIXED_ONCE_REPORTED as readonly string[]).includes(field);

/**
 * The one way an indicator's set-up changes after it was created, inside the caller's transaction: the
 * fields that differ are checked against the results already stored (measure and cumulation are fixed
 * once a result exists, a scale must keep every stored score on it), the rules that tie fields together
 * are run on the indicator as it will be, and one audit line keeps each changed field before and after.
 * Once results exist, a change of goal, baseline or milestones needs a reason and is kept as a revision
 * (server/writes/indicatorRevisions.ts, docs/decisions/022), in the same transaction.
 */
export function correctIndicator(tx: Handle, actor: Actor, target: { id: number; version: number }, changes: IndicatorChanges, reason?: RevisionReason): IndicatorCorrection {
  const current = tx.select().from(indicators).where(eq(indicators.id, target.id)).get();
  if (!current) throw userError("NOT_FOUND", message("indicatorForm.errors.notFound"));
  const stale = () =>
    assertVersionedUpdate(
      0,
      true,
      "Indicator",
      message(current.unit ? "conflict.now.indicator" : "conflict.now.indicatorWithoutUnit", {
        name: current.name,
        goalDirection: current.goalDirection,
        goal: current.goal,
        unit: current.unit,
      }),
    );
  if (current.version !== target.version) stale();

  // Milestones are a list: compared by content, so that sending them unchanged is no change.
  const differs = (field: keyof IndicatorChanges) =>
    field === "milestones" ? JSON.stringify(changes.milestones) !== JSON.stringify(current.milestones) : changes[field] !== current[field];
  const changed = (Object.keys(changes) as (keyof IndicatorChanges)[]).filter((field) => changes[field] !== undefined && differs(field));
  if (changed.length === 0) return { before: current, changed, version: current.version };

  const stored = tx
    .select({ count: sql<number>`count(*)`, minValue: sql<number | null>`min(${results.value})`, maxValue: sql<number | null>`max(${results.value})` })
    .from(results)
    .where(eq(results.indicatorId, current.id))
    .get()!;
  if (stored.count > 0) {
    const fixed = changed.filter(isFixedOnceReported);
    if (fixed.length > 0) {
      const refusal = message("indicatorForm.errors.measureFixed", { count: stored.count });
      throw invalidInput(refusal, Object.fromEntries(fixed.map((field) => [field, message(`indicatorForm.fixed.${field}Reason`, { count: stored.count })])));
    }
  }

  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, archivedAt: _a, ...definition } = current;
  const revised = indicatorFields.safeParse({ ...definition, ...changes });
  if (!revised.success) {
    const fieldErrors: Record<string, Message> = {};
    for (const issue of revised.error.issues) fieldErrors[issue.path.map(String).join(".")] ??= messageOfIssue(issue);
    throw invalidInput(message("indicatorForm.errors.checkFields", { count: Object.keys(fieldErrors).length }), fieldErrors);
  }
  const next = revised.data;
  if (changed.includes("milestones")) assertMilestonesWithinPilot(tx, current.pilotId, next.milestones);
  if (stored.count > 0 && next.measure === "score" && next.scaleMin !== null && next.scaleMax !== null && (stored.minValue! < next.scaleMin || stored.maxValue! > next.scaleMax))
    throw invalidInput(message("indicatorForm.errors.resultsOutsideScale"), {
      scaleMin: message("indicatorForm.errors.existingScores", { min: stored.minValue!, max: stored.maxValue! }),
    });

  const revisions: RevisedChange[] = revisedFieldsChanged(current, next).map((field) => ({ field, before: current[field], after: next[field] }));
  assertRevisionReason(stored.count, revisions, reason);
  const revisionReason = revisionNeedsReason(stored.count, revisions) ? reason : undefined;

  const set = Object.fromEntries(changed.map((field) => [field, next[field]]));
  const at = nowTimestamp();
  const outcome = tx
    .update(indicators)
    .set({ ...set, version: sql`${indicators.version} + 1`, updatedAt: at })
    .where(and(eq(indicators.id, current.id), eq(indicators.version, target.version)))
    .run();
  if (outcome.changes !== 1) stale();
  if (revisionReason) recordRevisions(tx, actor, current.id, revisions, revisionReason, at);
  recordAudit(tx, actor, {
    entityType: "indicator",
    entityId: current.id,
    action: "change",
    before: Object.fromEntries(changed.map((field) => [field, current[field]])),
    after: revisionReason ? { ...set, revisionReason } : set,
    pilotId: current.pilotId,
    indicatorId: current.id,
  });
  return { before: current, changed, version: current.version + 1 };
}
