import { policy } from "../access";
import { assertCommunicationWithinProject } from "../services/communicationDates";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { communicationActivities, pilots, reportSections } from "../../db/schema";
import { asOfInput, communicationActivityFields, communicationActivityUpdate, reportSectionSave } from "../../shared/schemas";
import { buildFinalReport } from "../reports/finalReport";
import { sanitizeReportHtml } from "../reports/richText";
import { message } from "../../shared/i18n/message";
import { nowTimestamp } from "../clock";
import { procedure, router } from "../trpc";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { changedFields } from "../services/changedFields";
import { writeTransaction } from "../writes/results";
import { conflict, userError } from "../errors";
import type { AppDatabase } from "../../db/client";

const pilotNotFound = () => userError("NOT_FOUND", message("report.errors.pilotNotFound"));

function assertPilotExists(db: AppDatabase, pilotId: number): void {
  if (!db.select({ id: pilots.id }).from(pilots).where(eq(pilots.id, pilotId)).get()) throw pilotNotFound();
}

export const reportsRouter = router({
  /** The pilot final report: narrative sections, indicator tables from live data, communication log. */
  finalReport: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive(), asOf: asOfInput }).strict())
    .query(({ ctx, input }) => {
      const report = buildFinalReport(ctx.db, input.pilotId, input.asOf ?? ctx.today(), ctx.language);
      if (!report) throw pilotNotFound();
      return report;
    }),

  /**
   * Saves one narrative section (the editor autosaves drafts through this). The HTML is sanitised here,
   * whatever the editor sent. A draft based on an older version than the stored one is refused, naming
   * who saved last, so two people never silently overwrite each other.
   */
  saveSection: procedure
    .meta(policy.enterResults({ pilot: "pilotId" }))
    .input(reportSectionSave)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(
        (tx) => {
          assertPilotExists(ctx.db, input.pilotId);
          const contentHtml = sanitizeReportHtml(input.contentHtml);
          const updatedAt = nowTimestamp();
          const existing = tx
            .select()
            .from(reportSections)
            .where(and(eq(reportSections.pilotId, input.pilotId), eq(reportSections.sectionKey, input.sectionKey)))
            .get();
          if ((existing?.version ?? null) !== input.expectedVersion) {
            // The time is the server's UTC clock time, as stored; the day is formatted in the reader's language.
            throw conflict(
              existing
                ? existing.updatedBy
                  ? message("report.errors.sectionConflict", { name: existing.updatedBy, day: existing.updatedAt.slice(0, 10), time: existing.updatedAt.slice(11, 16) })
                  : message("report.errors.sectionConflictBySomeone", { day: existing.updatedAt.slice(0, 10), time: existing.updatedAt.slice(11, 16) })
                : message("report.errors.sectionGone"),
            );
          }
          if (existing && existing.contentHtml === contentHtml) return { version: existing.version, updatedAt: existing.updatedAt, contentHtml, changed: false };
          // Recorded under the signed-in person's name, like every other change.
          const actor = actorOf(ctx);
          const updatedBy = actor.name;
          if (existing) {
            tx.update(reportSections)
              .set({ contentHtml, updatedBy, updatedAt, version: sql`${reportSections.version} + 1` })
              .where(and(eq(reportSections.id, existing.id), eq(reportSections.version, existing.version)))
              .run();
            recordAudit(tx, actor, {
              entityType: "report_section",
              entityId: existing.id,
              action: "change",
              before: { sectionKey: input.sectionKey, contentHtml: existing.contentHtml },
              after: { sectionKey: input.sectionKey, contentHtml },
              pilotId: input.pilotId,
            });
            return { version: existing.version + 1, updatedAt, contentHtml, changed: true };
          }
          const created = tx
            .insert(reportSections)
            .values({ pilotId: input.pilotId, sectionKey: input.sectionKey, contentHtml, updatedBy, updatedAt })
            .returning({ id: reportSections.id })
            .get();
          recordAudit(tx, actor, {
            entityType: "report_section",
            entityId: created.id,
            action: "create",
            after: { sectionKey: input.sectionKey, contentHtml },
            pilotId: input.pilotId,
          });
          return { version: 1, updatedAt, contentHtml, changed: true };
        },
        { behavior: "immediate" },
      ),
    ),

  addCommunication: procedure
    .meta(policy.enterResults({ pilot: "pilotId" }))
    .input(communicationActivityFields)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        assertPilotExists(ctx.db, input.pilotId);
        assertCommunicationWithinProject(ctx.db, input.pilotId, input.date);
        const created = ctx.db.insert(communicationActivities).values(input).returning({ id: communicationActivities.id }).get();
        recordAudit(ctx.db, actorOf(ctx), { entityType: "communication", entityId: created.id, action: "create", after: input, pilotId: input.pilotId });
        return created;
      }),
    ),

  updateCommunication: procedure
    .meta(policy.enterResults({ communication: "id" }))
    .input(communicationActivityUpdate)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        const current = ctx.db.select().from(communicationActivities).where(eq(communicationActivities.id, input.id)).get();
        if (!current) throw userError("NOT_FOUND", message("communication.errors.notFound"));
        assertCommunicationWithinProject(ctx.db, input.fields.pilotId, input.fields.date);
        const outcome = ctx.db
          .update(communicationActivities)
          .set({ ...input.fields, version: sql`${communicationActivities.version} + 1`, updatedAt: nowTimestamp() })
          .where(and(eq(communicationActivities.id, input.id), eq(communicationActivities.version, input.version), eq(communicationActivities.pilotId, input.fields.pilotId)))
          .run();
        if (outcome.changes === 0) throw conflict(message("communication.errors.conflict"));
        const { before, after } = changedFields(current, input.fields);
        if (Object.keys(after).length > 0)
          recordAudit(ctx.db, actorOf(ctx), { entityType: "communication", entityId: input.id, action: "change", before, after, pilotId: current.pilotId });
        return { id: input.id };
      }),
    ),

  setCommunicationArchived: procedure
    .meta(policy.enterResults({ communication: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        const row = ctx.db
          .update(communicationActivities)
          .set({ archivedAt: input.archived ? nowTimestamp() : null, version: sql`${communicationActivities.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(communicationActivities.id, input.id))
          .returning({ pilotId: communicationActivities.pilotId })
          .get();
        if (!row) throw userError("NOT_FOUND", message("communication.errors.notFound"));
        recordAudit(ctx.db, actorOf(ctx), { entityType: "communication", entityId: input.id, action: input.archived ? "archive" : "restore", pilotId: row.pilotId });
        return { id: input.id, archived: input.archived };
      }),
    ),
});
