import { and, asc, eq, isNull, max, sql } from "drizzle-orm";
import { z } from "zod";
import { indicators, pilots, stakeholderPeriods, stakeholders } from "../../db/schema";
import { writeRegisterResults } from "../writes/register";
import { message } from "../../shared/i18n/message";
import { indicatorFields, indicatorUpdate } from "../../shared/schemas";
import { nowTimestamp } from "../clock";
import { policy } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { assertMilestonesWithinPilot, correctIndicator } from "../services/indicatorCorrections";
import { procedure, router } from "../trpc";
import { invalidInput, userError } from "../errors";

export const indicatorsRouter = router({
  listByPilot: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive(), includeArchived: z.boolean().default(false) }).strict())
    .query(({ ctx, input }) =>
      ctx.db
        .select({
          indicator: indicators,
          // Qualified by hand: see projects.list.
          resultCount: sql<number>`(SELECT count(*) FROM results r WHERE r.indicator_id = "indicators"."id")`,
        })
        .from(indicators)
        .where(and(eq(indicators.pilotId, input.pilotId), input.includeArchived ? undefined : isNull(indicators.archivedAt)))
        .orderBy(asc(indicators.displayOrder), asc(indicators.id))
        .all()
        .map((row) => ({ ...row.indicator, resultCount: row.resultCount })),
    ),

  create: procedure
    .meta(policy.setUp({ pilot: "pilotId" }))
    .input(indicatorFields)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const pilot = tx.select({ id: pilots.id }).from(pilots).where(eq(pilots.id, input.pilotId)).get();
        if (!pilot) throw invalidInput(message("indicatorForm.errors.noSuchPilot"), { pilotId: message("indicatorForm.errors.choosePilot") });
        assertMilestonesWithinPilot(tx, input.pilotId, input.milestones);
        const last = tx
          .select({ order: max(indicators.displayOrder) })
          .from(indicators)
          .where(eq(indicators.pilotId, input.pilotId))
          .get();
        const displayOrder = input.displayOrder ?? (last?.order ?? 0) + 1;
        const created = tx
          .insert(indicators)
          .values({ ...input, displayOrder })
          .returning({ id: indicators.id })
          .get();
        recordAudit(tx, actorOf(ctx), {
          entityType: "indicator",
          entityId: created.id,
          action: "create",
          after: { ...input, displayOrder },
          pilotId: input.pilotId,
          indicatorId: created.id,
        });
        return created;
      }),
    ),

  update: procedure
    .meta(policy.setUp({ indicator: "id" }))
    .input(indicatorUpdate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(
        (tx) => {
          const { before: current } = correctIndicator(tx, actorOf(ctx), { id: input.id, version: input.version }, { ...input.corrections, ...input.fixed }, input.revisionReason);
          // Once linked, the register is the source: its periods' results are rewritten in this transaction.
          if (input.corrections.fromStakeholderRegister && !current.fromStakeholderRegister) {
            const recorded = tx
              .selectDistinct({ periodId: stakeholderPeriods.periodId })
              .from(stakeholderPeriods)
              .innerJoin(stakeholders, eq(stakeholders.id, stakeholderPeriods.stakeholderId))
              .where(and(eq(stakeholders.pilotId, current.pilotId), isNull(stakeholders.archivedAt)))
              .all();
            writeRegisterResults(
              ctx.db,
              { actor: actorOf(ctx), today: ctx.today(), at: nowTimestamp(), language: ctx.language },
              current.pilotId,
              recorded.map((r) => r.periodId),
            );
          }
          return { id: input.id };
        },
        { behavior: "immediate" },
      ),
    ),

  setArchived: procedure
    .meta(policy.setUp({ indicator: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const current = tx.select({ archivedAt: indicators.archivedAt }).from(indicators).where(eq(indicators.id, input.id)).get();
        if (!current) throw userError("NOT_FOUND", message("indicatorForm.errors.notFound"));
        const archivedAt = input.archived ? (current.archivedAt ?? nowTimestamp()) : null;
        const row = tx
          .update(indicators)
          .set({ archivedAt, version: sql`${indicators.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(indicators.id, input.id))
          .returning({ pilotId: indicators.pilotId })
          .get()!;
        recordAudit(tx, actorOf(ctx), {
          entityType: "indicator",
          entityId: input.id,
          action: input.archived ? "archive" : "restore",
          before: { archivedAt: current.archivedAt },
          after: { archivedAt },
          pilotId: row.pilotId,
          indicatorId: input.id,
        });
        return { id: input.id, archived: input.archived };
      }),
    ),
});
