import { policy } from "../access";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { indicators, pilots, projects, reportingPeriods, stakeholderPeriods, stakeholders } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { periodLabel } from "../../shared/periods";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { translate } from "../i18n";
import { saveStakeholderPeriod, stakeholderFields, stakeholderUpdate } from "../../shared/schemas";
import { countsForInvolvement, registerShare } from "../../shared/stakeholders";
import { assertVersionedUpdate } from "../services/optimisticUpdate";
import { nowTimestamp } from "../clock";
import { loadRegisterEntries, periodsOfStakeholder } from "../../db/stakeholderRegister";
import { actorOf } from "../context";
import { recordAudit, writeAuditLines, type AuditEntry } from "../services/audit";
import { changedFields } from "../services/changedFields";
import { writeRegisterResults } from "../writes/register";
import { writeTransaction } from "../writes/results";
import { assertPeriodEditable, assertPeriodsEditable } from "../services/periodReports";
import { message, type Message } from "../../shared/i18n/message";
import { procedure, router } from "../trpc";
import { invalidInput, userError } from "../errors";
import type { AppDatabase } from "../../db/client";

const stakeholderColumns = {
  id: stakeholders.id,
  pilotId: stakeholders.pilotId,
  organisation: stakeholders.organisation,
  type: stakeholders.type,
  contact: stakeholders.contact,
  notes: stakeholders.notes,
  archivedAt: stakeholders.archivedAt,
  version: stakeholders.version,
};

function loadPilot(db: AppDatabase, pilotId: number) {
  const pilot = db
    .select({
      id: pilots.id,
      title: pilots.title,
      projectId: pilots.projectId,
      projectName: projects.name,
      reportingFrequency: pilots.reportingFrequency,
      archivedAt: pilots.archivedAt,
      isFictional: pilots.isFictional,
    })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(eq(pilots.id, pilotId))
    .get();
  if (!pilot) throw userError("NOT_FOUND", message("stakeholders.errors.pilotNotFound"));
  return pilot;
}

function refuseArchivedPilot(archivedAt: string | null) {
  if (archivedAt) throw userError("PRECONDITION_FAILED", message("stakeholders.errors.pilotArchived"));
}

/**
 * The register, per period: who counts (involved and continuing) of the mapped stakeholders. What the
 * register page, the pilot page and the exports show.
 */
export function buildRegister(db: AppDatabase, pilotId: number, today: string, language: string = DEFAULT_LANGUAGE) {
  const pilot = loadPilot(db, pilotId);
  const periods = db.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilotId)).orderBy(asc(reportingPeriods.sequence)).all();
  const list = db.select(stakeholderColumns).from(stakeholders).where(eq(stakeholders.pilotId, pilotId)).orderBy(asc(stakeholders.organisation), asc(stakeholders.id)).all();
  const entriesByPeriod = groupBy(loadRegisterEntries(db, pilotId), (e) => e.periodId);
  const linkedIndicators = db
    .select({ id: indicators.id, name: indicators.name, goal: indicators.goal, goalDirection: indicators.goalDirection })
    .from(indicators)
    .where(and(eq(indicators.pilotId, pilotId), eq(indicators.fromStakeholderRegister, true), isNull(indicators.archivedAt)))
    .all();
  return {
    pilot,
    linkedIndicators,
    stakeholders: list,
    periods: periods.map((p) => {
      const entries = entriesByPeriod.get(p.id) ?? [];
      return {
        id: p.id,
        sequence: p.sequence,
        startDate: p.startDate,
        endDate: p.endDate,
        label: translate(language, periodLabel(p, pilot.reportingFrequency)),
        hasStarted: p.startDate <= today,
        entries: entries.map(({ stakeholderId, involved, plansToContinue, enteredBy, enteredAt }) => ({ stakeholderId, involved, plansToContinue, enteredBy, enteredAt })),
        share: registerShare(entries),
        counted: entries.filter(countsForInvolvement).map((e) => e.organisation),
        notCounted: entries.filter((e) => !countsForInvolvement(e)).map((e) => e.organisation),
      };
    }),
  };
}

export const stakeholdersRouter = router({
  register: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => buildRegister(ctx.db, input.pilotId, ctx.today(), ctx.language)),

  create: procedure
    .meta(policy.enterResults({ pilot: "pilotId" }))
    .input(stakeholderFields)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        refuseArchivedPilot(loadPilot(ctx.db, input.pilotId).archivedAt);
        const created = ctx.db.insert(stakeholders).values(input).returning({ id: stakeholders.id }).get();
        recordAudit(ctx.db, actorOf(ctx), { entityType: "stakeholder", entityId: created.id, action: "create", after: input, pilotId: input.pilotId });
        return created;
      }),
    ),

  update: procedure
    .meta(policy.enterResults({ stakeholder: "id" }))
    .input(stakeholderUpdate)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        const current = ctx.db.select(stakeholderColumns).from(stakeholders).where(eq(stakeholders.id, input.id)).get();
        if (!current) throw userError("NOT_FOUND", message("stakeholders.errors.stakeholderNotFound"));
        if (current.pilotId !== input.fields.pilotId) throw invalidInput(message("stakeholders.errors.staysWithPilot"), { pilotId: message("stakeholders.errors.staysWithPilot") });
        const outcome = ctx.db
          .update(stakeholders)
          .set({ ...input.fields, version: sql`${stakeholders.version} + 1`, updatedAt: nowTimestamp() })
          .where(and(eq(stakeholders.id, input.id), eq(stakeholders.version, input.version)))
          .run();
        assertVersionedUpdate(outcome.changes, true, "Stakeholder");
        const { before, after } = changedFields(current, input.fields);
        if (Object.keys(after).length > 0)
          recordAudit(ctx.db, actorOf(ctx), { entityType: "stakeholder", entityId: input.id, action: "change", before, after, pilotId: current.pilotId });
        return { id: input.id };
      }),
    ),

  /**
   * Archiving takes a stakeholder off the map: every period it was recorded in is recomputed, through the
   * one write path, so a submitted or approved period refuses it like any other change of its results.
   */
  setArchived: procedure
    .meta(policy.enterResults({ stakeholder: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean(), enteredBy: z.string().max(200).optional() }).strict())
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        const current = ctx.db.select({ pilotId: stakeholders.pilotId, archivedAt: stakeholders.archivedAt }).from(stakeholders).where(eq(stakeholders.id, input.id)).get();
        if (!current) throw userError("NOT_FOUND", message("stakeholders.errors.stakeholderNotFound"));
        if ((current.archivedAt !== null) === input.archived) return { id: input.id, archived: input.archived };
        refuseArchivedPilot(loadPilot(ctx.db, current.pilotId).archivedAt);
        const periodIds = periodsOfStakeholder(ctx.db, input.id);
        assertPeriodsEditable(ctx.db, periodIds);
        const at = nowTimestamp();
        ctx.db
          .update(stakeholders)
          .set({ archivedAt: input.archived ? at : null, version: sql`${stakeholders.version} + 1`, updatedAt: at })
          .where(eq(stakeholders.id, input.id))
          .run();
        const actor = actorOf(ctx);
        recordAudit(ctx.db, actor, { entityType: "stakeholder", entityId: input.id, action: input.archived ? "archive" : "restore", pilotId: current.pilotId });
        writeRegisterResults(ctx.db, { actor, today: ctx.today(), at, language: ctx.language }, current.pilotId, periodIds);
        return { id: input.id, archived: input.archived };
      }),
    ),

  /** Records one period of the register and, in the same transaction, the linked indicators' results. */
  savePeriod: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(saveStakeholderPeriod)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, () => {
        const period = ctx.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, input.periodId)).get();
        if (!period) throw userError("NOT_FOUND", message("stakeholders.errors.periodNotFound"));
        refuseArchivedPilot(loadPilot(ctx.db, period.pilotId).archivedAt);
        if (period.startDate > ctx.today())
          throw invalidInput(message("stakeholders.errors.periodNotStarted"), { periodId: message("stakeholders.errors.fillInFrom", { day: period.startDate }) });
        // The register writes the linked indicator's result: a submitted or approved period is locked for it too.
        assertPeriodEditable(ctx.db, period.id);
        const ids = input.entries.map((e) => e.stakeholderId);
        if (new Set(ids).size !== ids.length) throw invalidInput(message("stakeholders.errors.stakeholderTwice"), { entries: message("stakeholders.errors.oncePerPeriod") });
        const known = new Set(
          ctx.db
            .select({ id: stakeholders.id })
            .from(stakeholders)
            .where(and(inArray(stakeholders.id, ids), eq(stakeholders.pilotId, period.pilotId), isNull(stakeholders.archivedAt)))
            .all()
            .map((s) => s.id),
        );
        const fieldErrors: Record<string, Message> = {};
        input.entries.forEach((e, index) => {
          if (!known.has(e.stakeholderId)) fieldErrors[`entries.${index}.stakeholderId`] = message("stakeholders.errors.notInRegister");
          if (e.plansToContinue && !e.involved) fieldErrors[`entries.${index}.plansToContinue`] = message("stakeholders.errors.continueNeedsInvolvement");
        });
        if (Object.keys(fieldErrors).length > 0) throw invalidInput(message("stakeholders.errors.entriesNeedAttention"), fieldErrors);

        const actor = actorOf(ctx);
        const enteredAt = nowTimestamp();
        const stored = new Map(
          ctx.db
            .select({
              id: stakeholderPeriods.id,
              stakeholderId: stakeholderPeriods.stakeholderId,
              involved: stakeholderPeriods.involved,
              plansToContinue: stakeholderPeriods.plansToContinue,
            })
            .from(stakeholderPeriods)
            .where(and(eq(stakeholderPeriods.periodId, period.id), inArray(stakeholderPeriods.stakeholderId, ids)))
            .all()
            .map((row) => [row.stakeholderId, row]),
        );
        const audit: AuditEntry[] = [];
        for (const entry of input.entries) {
          const before = stored.get(entry.stakeholderId);
          if (before && before.involved === entry.involved && before.plansToContinue === entry.plansToContinue) continue;
          const row = ctx.db
            .insert(stakeholderPeriods)
            .values({ ...entry, periodId: period.id, enteredBy: actor.name, enteredAt })
            .onConflictDoUpdate({
              target: [stakeholderPeriods.stakeholderId, stakeholderPeriods.periodId],
              set: { involved: entry.involved, plansToContinue: entry.plansToContinue, enteredBy: actor.name, enteredAt },
            })
            .returning({ id: stakeholderPeriods.id })
            .get();
          const after = { stakeholderId: entry.stakeholderId, periodSequence: period.sequence, involved: entry.involved, plansToContinue: entry.plansToContinue };
          audit.push({
            entityType: "stakeholder_period",
            entityId: row.id,
            action: before ? "change" : "create",
            before: before ? { ...after, involved: before.involved, plansToContinue: before.plansToContinue } : undefined,
            after,
            pilotId: period.pilotId,
          });
        }
        writeAuditLines(ctx.db, actor, audit, enteredAt);
        writeRegisterResults(ctx.db, { actor, today: ctx.today(), at: enteredAt, language: ctx.language }, period.pilotId, [period.id], input.comment ?? "");
        const share = registerShare(loadRegisterEntries(ctx.db, period.pilotId, [period.id]));
        return { saved: input.entries.length, share };
      }),
    ),
});
