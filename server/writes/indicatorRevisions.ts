import type { AppDatabase } from "../../db/client";
import { indicatorRevisions } from "../../db/schema";
import type { RevisedField } from "../../shared/domain";
import { message } from "../../shared/i18n/message";
import { revisionNeedsReason } from "../../shared/revisions";
import type { RevisionReason } from "../../shared/schemas";
import { invalidInput } from "../errors";
import type { Actor } from "../services/audit";

type Writer = Pick<AppDatabase, "insert">;

export interface RevisedChange {
  field: RevisedField;
  before: unknown;
  after: unknown;
}

/**
 * A goal, baseline or milestones of an indicator with results changes only with a reason
 * (docs/decisions/022): refused next to the reason's fields otherwise, before anything is written.
 * Without results the indicator is still being set up, and nothing is asked.
 */
export function assertRevisionReason(resultCount: number, changes: readonly RevisedChange[], reason: RevisionReason | undefined): asserts reason is RevisionReason {
  if (!revisionNeedsReason(resultCount, changes) || reason) return;
  throw invalidInput(message("revisions.errors.reasonRequired", { count: resultCount }), {
    "revisionReason.code": message("revisions.errors.chooseReason"),
    "revisionReason.text": message("revisions.errors.explainReason"),
  });
}

/**
 * The one writer of `indicator_revisions`: one row per revised field, inside the caller's transaction, so
 * that the change, its audit line and its revisions commit or roll back together. The author is the
 * signed-in person, as for every write.
 */
export function recordRevisions(tx: Writer, actor: Actor, indicatorId: number, changes: readonly RevisedChange[], reason: RevisionReason, at: string): void {
  if (changes.length === 0) return;
  tx.insert(indicatorRevisions)
    .values(
      changes.map((change) => ({
        indicatorId,
        field: change.field,
        before: change.before,
        after: change.after,
        reasonCode: reason.code,
        reasonText: reason.text,
        authorId: actor.id,
        authorName: actor.name,
        at,
      })),
    )
    .run();
}
