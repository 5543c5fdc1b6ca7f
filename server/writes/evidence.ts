import { and, count, eq, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { evidenceItems, indicatorReferences, indicators } from "../../db/schema";
import { EVIDENCE_LIMITS, type EvidenceType } from "../../shared/evidence";
import { message } from "../../shared/i18n/message";
import type { IndicatorReferenceFields } from "../../shared/schemas";
import { recordAudit, type Actor } from "../services/audit";
import { conflict, notFound, userError } from "../errors";
import { assertResultWritable, writeTransaction } from "./results";

/*
 * The one door for evidence and reference sheets (docs/decisions/013-one-write-path.md, 019-evidence.md).
 * Evidence hangs on a result, so it obeys the result's locks (assertResultWritable, the same function the
 * results' write uses): a submitted or approved period, an archived pilot or indicator refuse it. Every
 * attach and removal is an audit line in the same transaction. The file itself is already stored by its
 * hash (server/evidence/store.ts) before this runs: a refused write leaves an orphan the checker reports,
 * never a row without its file.
 */

export type EvidenceContent = { kind: "file"; fileName: string; contentType: EvidenceType; sizeBytes: number; sha256: string } | { kind: "link"; url: string };

export interface AttachEvidenceRequest {
  actor: Actor;
  indicatorId: number;
  periodId: number;
  content: EvidenceContent;
  description: string;
  today: string;
  at: string;
}

function requireSignedIn(actor: Actor): number {
  if (actor.id === null) throw userError("UNAUTHORIZED", message("shell.signInToContinue"));
  return actor.id;
}

export function attachEvidence(db: AppDatabase, request: AttachEvidenceRequest): { id: number } {
  const actorId = requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    const pilotId = assertResultWritable(db, request, request.today);
    const attached =
      db
        .select({ n: count() })
        .from(evidenceItems)
        .where(and(eq(evidenceItems.indicatorId, request.indicatorId), eq(evidenceItems.periodId, request.periodId), isNull(evidenceItems.removedAt)))
        .get()?.n ?? 0;
    if (attached >= EVIDENCE_LIMITS.maxItemsPerResult) throw userError("PRECONDITION_FAILED", message("evidence.errors.tooMany", { max: EVIDENCE_LIMITS.maxItemsPerResult }));
    const { content } = request;
    const row = db
      .insert(evidenceItems)
      .values({
        pilotId,
        indicatorId: request.indicatorId,
        periodId: request.periodId,
        kind: content.kind,
        description: request.description,
        ...(content.kind === "file"
          ? { fileName: content.fileName, contentType: content.contentType, sizeBytes: content.sizeBytes, sha256: content.sha256 }
          : { url: content.url }),
        addedById: actorId,
        addedBy: request.actor.name,
        addedAt: request.at,
      })
      .returning({ id: evidenceItems.id })
      .get();
    recordAudit(db, request.actor, {
      entityType: "evidence",
      entityId: row.id,
      action: "attach",
      after: { periodId: request.periodId, description: request.description, ...content },
      pilotId,
      indicatorId: request.indicatorId,
    });
    return row;
  });
}

export function removeEvidence(db: AppDatabase, request: { actor: Actor; evidenceId: number; today: string; at: string }): void {
  requireSignedIn(request.actor);
  writeTransaction(db, () => {
    const item = db.select().from(evidenceItems).where(eq(evidenceItems.id, request.evidenceId)).get();
    if (!item) throw notFound(message("evidence.errors.notFound"));
    if (item.removedAt) throw conflict(message("evidence.errors.alreadyRemoved", { name: item.removedBy ?? "" }));
    assertResultWritable(db, item, request.today);
    db.update(evidenceItems).set({ removedAt: request.at, removedBy: request.actor.name }).where(eq(evidenceItems.id, item.id)).run();
    recordAudit(db, request.actor, {
      entityType: "evidence",
      entityId: item.id,
      action: "remove",
      before: { periodId: item.periodId, description: item.description, kind: item.kind, fileName: item.fileName, url: item.url, sha256: item.sha256 },
      pilotId: item.pilotId,
      indicatorId: item.indicatorId,
    });
  });
}

/** Saves an indicator's reference sheet; `expectedVersion` 0 for a sheet never saved. Unchanged: no write. */
export function saveIndicatorReference(
  db: AppDatabase,
  request: { actor: Actor; indicatorId: number; fields: IndicatorReferenceFields; expectedVersion: number; at: string },
): { version: number } {
  requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    const indicator = db
      .select({ id: indicators.id, pilotId: indicators.pilotId, archivedAt: indicators.archivedAt })
      .from(indicators)
      .where(eq(indicators.id, request.indicatorId))
      .get();
    if (!indicator) throw notFound(message("shell.notFound.indicator"));
    if (indicator.archivedAt) throw userError("PRECONDITION_FAILED", message("evidence.errors.indicatorArchived"));
    const stored = db.select().from(indicatorReferences).where(eq(indicatorReferences.indicatorId, indicator.id)).get();
    const storedVersion = stored?.version ?? 0;
    if (storedVersion !== request.expectedVersion) throw conflict(message("evidence.errors.referenceChanged", { name: stored?.updatedBy ?? "" }));
    const before = stored
      ? {
          definition: stored.definition,
          dataSource: stored.dataSource,
          collectionMethod: stored.collectionMethod,
          collectionFrequency: stored.collectionFrequency,
          responsible: stored.responsible,
          meansOfVerification: stored.meansOfVerification,
        }
      : null;
    if (before && JSON.stringify(before) === JSON.stringify({ ...before, ...request.fields })) return { version: storedVersion };
    const row = stored
      ? db
          .update(indicatorReferences)
          .set({ ...request.fields, version: storedVersion + 1, updatedBy: request.actor.name, updatedAt: request.at })
          .where(eq(indicatorReferences.indicatorId, indicator.id))
          .returning({ version: indicatorReferences.version })
          .get()!
      : db
          .insert(indicatorReferences)
          .values({ indicatorId: indicator.id, ...request.fields, updatedBy: request.actor.name, createdAt: request.at, updatedAt: request.at })
          .returning({ version: indicatorReferences.version })
          .get();
    recordAudit(db, request.actor, {
      entityType: "indicator_reference",
      entityId: indicator.id,
      action: stored ? "change" : "create",
      before: before ?? undefined,
      after: request.fields,
      pilotId: indicator.pilotId,
      indicatorId: indicator.id,
    });
    return row;
  });
}
