import { policy } from "../access";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { communicationActivities, pilots, reportSections } from "../../db/schema";
import { asOfInput, communicationActivityFields, communicationActivityUpdate, reportSectionSave } from "../../shared/schemas";
import { buildFinalReport } from "../reports/finalReport";
import { sanitizeReportHtml } from "../reports/richText";
import { message } from "../../shared/i18n/message";
import { nowTimestamp } from "../clock";
import { procedure, router } from "../trpc";
import { conflict, userError } from "../errors";
import type { AppDatabase } from "../../db/client";

const pilotNotFound = () => userError("NOT_FOUND", message("report.errors.pilotNotFound"));

function assertPilotExists(db: AppDatabase, pilotId: number): void {
  if (!db.select({ id: pilots.id }).from(pilots).where(eq(pilots.id, pilotId)).get()) throw pilotNotFound();
}

export const reportsRouter = router({
  /** The pilot final report: narrative sections, indicator tables from live data, communication log. */
  finalReport: procedure.meta(policy.read({ pilot: "pilotId" })).input(z.object({ pilotId: z.number().int().positive(), asOf: asOfInput }).strict()).query(({ ctx, input }) => {
    const report = buildFinalReport(ctx.db, input.pilotId, input.asOf ?? ctx.today(), ctx.language);
    if (!report) throw pilotNotFound();
    return report;
  }),

  /**
   * Saves one narrative section (the editor autosaves drafts through this). The HTML is sanitised here,
   * whatever the editor sent. A draft based on an older version than the stored one is refused, naming
   * who saved last, so two people never silently overwrite each other.
   */
  saveSection: procedure.meta(policy.enterResults({ pilot: "pilotId" })).input(reportSectionSave).mutation(({ ctx, input }) =>
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
        const updatedBy = ctx.user?.name ?? input.updatedBy;
        if (existing) {
          tx.update(reportSections)
            .set({ contentHtml, updatedBy, updatedAt, version: sql`${reportSections.version} + 1` })
            .where(and(eq(reportSections.id, existing.id), eq(reportSections.version, existing.version)))
            .run();
          return { version: existing.version + 1, updatedAt, contentHtml, changed: true };
        }
        tx.insert(reportSections).values({ pilotId: input.pilotId, sectionKey: input.sectionKey, contentHtml, updatedBy, updatedAt }).run();
        return { version: 1, updatedAt, contentHtml, changed: true };
      },
      { behavior: "immediate" },
    ),
  ),

  addCommunication: procedure.meta(policy.enterResults({ pilot: "pilotId" })).input(communicationActivityFields).mutation(({ ctx, input }) => {
    assertPilotExists(ctx.db, input.pilotId);
    return ctx.db.insert(communicationActivities).values(input).returning({ id: communicationActivities.id }).get();
  }),

  updateCommunication: procedure.meta(policy.enterResults({ communication: "id" })).input(communicationActivityUpdate).mutation(({ ctx, input }) => {
    const outcome = ctx.db
      .update(communicationActivities)
      .set({ ...input.fields, version: sql`${communicationActivities.version} + 1`, updatedAt: nowTimestamp() })
      .where(and(eq(communicationActivities.id, input.id), eq(communicationActivities.version, input.version), eq(communicationActivities.pilotId, input.fields.pilotId)))
      .run();
    if (outcome.changes === 0) {
      const exists = !!ctx.db.select({ id: communicationActivities.id }).from(communicationActivities).where(eq(communicationActivities.id, input.id)).get();
      throw exists ? conflict(message("communication.errors.conflict")) : userError("NOT_FOUND", message("communication.errors.notFound"));
    }
    return { id: input.id };
  }),

  setCommunicationArchived: procedure.meta(policy.enterResults({ communication: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) => {
      const outcome = ctx.db
        .update(communicationActivities)
        .set({ archivedAt: input.archived ? nowTimestamp() : null, version: sql`${communicationActivities.version} + 1`, updatedAt: nowTimestamp() })
        .where(eq(communicationActivities.id, input.id))
        .run();
      if (outcome.changes === 0) throw userError("NOT_FOUND", message("communication.errors.notFound"));
      return { id: input.id, archived: input.archived };
    }),
});
