import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { indicators, pilots, programmeIndicators } from "../../db/schema";
import { programmeCodeKey, starterIndicators } from "../../shared/programmeIndicators";
import { contributionInput, contributionRemoval, programmeIndicatorFields, programmeIndicatorUpdate, projectTargetInput, starterIndicatorInput } from "../../shared/schemas";
import { policy } from "../access";
import { nowTimestamp, processClock } from "../clock";
import { actorOf } from "../context";
import { buildProgressReport, reportPeriodChoices } from "../services/progressReport";
import { loadProgrammeProgress } from "../services/programmeProgress";
import { procedure, router } from "../trpc";
import { addStarterIndicator, createProgrammeIndicator, linkContribution, setProjectTarget, unlinkContribution, updateProgrammeIndicator } from "../writes/programmeIndicators";

const id = z.number().int().positive();

/** The programme indicator catalogue, projects' targets and pilot indicators' contributions (decision 028). */
export const programmeIndicatorsRouter = router({
  /** The catalogue, and which starter-list indicators it does not hold yet. Everybody signed in reads it. */
  catalogue: procedure
    .meta(policy.signedIn)
    .input(z.object({}).strict().default({}))
    .query(({ ctx }) => {
      const rows = ctx.db.select().from(programmeIndicators).orderBy(asc(programmeIndicators.level), asc(programmeIndicators.code)).all();
      const held = new Set(rows.map((row) => programmeCodeKey(row.code)));
      return {
        indicators: rows.map(({ createdAt: _, updatedAt: __, ...row }) => row),
        starter: starterIndicators.map((s) => ({ ...s, added: held.has(programmeCodeKey(s.code)) })),
      };
    }),

  create: procedure
    .meta(policy.administrator)
    .input(programmeIndicatorFields)
    .mutation(({ ctx, input }) => createProgrammeIndicator(ctx.db, { actor: actorOf(ctx), fields: input, at: nowTimestamp() })),

  addStarter: procedure
    .meta(policy.administrator)
    .input(starterIndicatorInput)
    .mutation(({ ctx, input }) => addStarterIndicator(ctx.db, { actor: actorOf(ctx), code: input.code, at: nowTimestamp() })),

  update: procedure
    .meta(policy.administrator)
    .input(programmeIndicatorUpdate)
    .mutation(({ ctx, input }) => updateProgrammeIndicator(ctx.db, { actor: actorOf(ctx), id: input.id, version: input.version, fields: input.fields, at: nowTimestamp() })),

  /** The project's programme indicators as at today (or a date), with their contributions and warnings. */
  forProject: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: id }).strict())
    .query(({ ctx, input }) => {
      const asOf = ctx.today();
      return { asOf, indicators: loadProgrammeProgress(ctx.db, input.projectId, asOf) };
    }),

  /** The active indicators of the project's pilots that a manager can link, with their current links. */
  linkable: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: id }).strict())
    .query(({ ctx, input }) => {
      const rows = ctx.db
        .select({ id: indicators.id, name: indicators.name, unit: indicators.unit, measure: indicators.measure, pilotId: pilots.id, pilotTitle: pilots.title })
        .from(indicators)
        .innerJoin(pilots, eq(pilots.id, indicators.pilotId))
        .where(and(eq(pilots.projectId, input.projectId), isNull(indicators.archivedAt), isNull(pilots.archivedAt)))
        .orderBy(asc(pilots.title), asc(indicators.displayOrder), asc(indicators.id))
        .all();
      return rows;
    }),

  setTarget: procedure
    .meta(policy.setUp({ project: "projectId" }))
    .input(projectTargetInput)
    .mutation(({ ctx, input }) => setProjectTarget(ctx.db, { actor: actorOf(ctx), ...input, at: nowTimestamp() })),

  link: procedure
    .meta(policy.setUp({ indicator: "indicatorId" }))
    .input(contributionInput)
    .mutation(({ ctx, input }) => linkContribution(ctx.db, { actor: actorOf(ctx), ...input, at: nowTimestamp() })),

  unlink: procedure
    .meta(policy.setUp({ indicator: "indicatorId" }))
    .input(contributionRemoval)
    .mutation(({ ctx, input }) => {
      unlinkContribution(ctx.db, { actor: actorOf(ctx), ...input, at: nowTimestamp() });
      return { ok: true };
    }),

  reportPeriods: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: id }).strict())
    .query(({ ctx, input }) => reportPeriodChoices(ctx.db, input.projectId, ctx.today(), ctx.language)),

  /** The Jems-aligned progress report of one reporting period, as a document (XLSX and print view). */
  progressReport: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: id, period: z.number().int().positive().max(1000) }).strict())
    .query(({ ctx, input }) => buildProgressReport(ctx.db, input, ctx.language, processClock().timestamp())),
});
