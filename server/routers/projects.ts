import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { projects } from "../../db/schema";
import { projectFields, projectUpdate } from "../../shared/schemas";
import { assertVersionedUpdate, nowTimestamp } from "../services/optimisticUpdate";
import { notFound, publicProcedure, router } from "../trpc";

const projectColumns = {
  id: projects.id,
  name: projects.name,
  programme: projects.programme,
  startDate: projects.startDate,
  endDate: projects.endDate,
  tolerancePercent: projects.tolerancePercent,
  isFictional: projects.isFictional,
  archivedAt: projects.archivedAt,
  version: projects.version,
};

export const projectsRouter = router({
  list: publicProcedure.input(z.object({ includeArchived: z.boolean().default(false) }).strict().default({ includeArchived: false })).query(({ ctx, input }) =>
    ctx.db
      .select({
        ...projectColumns,
        // Written out in full: drizzle leaves columns unqualified in a one-table select, and inside the
        // subquery "id" would then mean the pilot's id.
        pilotCount: sql<number>`(SELECT count(*) FROM pilots p WHERE p.project_id = "projects"."id" AND p.archived_at IS NULL)`,
      })
      .from(projects)
      .where(input.includeArchived ? undefined : isNull(projects.archivedAt))
      .orderBy(asc(projects.name))
      .all(),
  ),

  get: publicProcedure.input(z.object({ id: z.number().int().positive() }).strict()).query(({ ctx, input }) => {
    const project = ctx.db.select(projectColumns).from(projects).where(eq(projects.id, input.id)).get();
    if (!project) throw notFound("The project");
    return project;
  }),

  create: publicProcedure.input(projectFields).mutation(({ ctx, input }) => {
    const created = ctx.db.insert(projects).values(input).returning({ id: projects.id }).get();
    return created;
  }),

  update: publicProcedure.input(projectUpdate).mutation(({ ctx, input }) => {
    const outcome = ctx.db
      .update(projects)
      .set({ ...input.fields, version: sql`${projects.version} + 1`, updatedAt: nowTimestamp() })
      .where(and(eq(projects.id, input.id), eq(projects.version, input.version)))
      .run();
    const exists = outcome.changes === 1 || !!ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.id, input.id)).get();
    assertVersionedUpdate(outcome.changes, exists, "Project");
    return { id: input.id };
  }),

  setArchived: publicProcedure
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) => {
      const outcome = ctx.db
        .update(projects)
        .set({ archivedAt: input.archived ? nowTimestamp() : null, version: sql`${projects.version} + 1`, updatedAt: nowTimestamp() })
        .where(eq(projects.id, input.id))
        .run();
      if (outcome.changes === 0) throw notFound("The project");
      return { id: input.id, archived: input.archived };
    }),
});
