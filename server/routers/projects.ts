import { and, eq, isNull, sql } from "drizzle-orm";
import { sortByNames } from "../../shared/collation";
import { z } from "zod";
import { memberships, projects } from "../../db/schema";
import { projectFields, projectUpdate } from "../../shared/schemas";
import { assertVersionedUpdate } from "../services/optimisticUpdate";
import { nowTimestamp } from "../clock";
import { isAdministrator } from "../../shared/access";
import { visibleScope, policy } from "../access";
import { actorOf, type Context } from "../context";
import { recordAudit } from "../services/audit";

/** A project is listed to those who hold a role in it or in one of its pilots. */
function canSeeProject(ctx: Context, projectId: number): boolean {
  const scope = visibleScope(ctx);
  if (scope === null || scope.projectIds.has(projectId)) return true;
  if (scope.pilotIds.size === 0) return false;
  return ctx.db.$client.prepare(`SELECT 1 FROM pilots WHERE project_id = ? AND id IN (${[...scope.pilotIds].join(",")})`).get(projectId) !== undefined;
}
import { message } from "../../shared/i18n/message";
import { procedure, router } from "../trpc";
import { userError } from "../errors";

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
  list: procedure
    .meta(policy.read("visible"))
    .input(
      z
        .object({ includeArchived: z.boolean().default(false) })
        .strict()
        .default({ includeArchived: false }),
    )
    .query(({ ctx, input }) =>
      sortByNames(
        ctx.db
          .select({
            ...projectColumns,
            // Written out in full: drizzle leaves columns unqualified in a one-table select, and inside the
            // subquery "id" would then mean the pilot's id.
            pilotCount: sql<number>`(SELECT count(*) FROM pilots p WHERE p.project_id = "projects"."id" AND p.archived_at IS NULL)`,
          })
          .from(projects)
          .where(input.includeArchived ? undefined : isNull(projects.archivedAt))
          .all()
          .filter((project) => canSeeProject(ctx, project.id)),
        ctx.language,
        (project) => project.name,
      ),
    ),

  get: procedure
    .meta(policy.read({ project: "id" }))
    .input(z.object({ id: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      const project = ctx.db.select(projectColumns).from(projects).where(eq(projects.id, input.id)).get();
      if (!project) throw userError("NOT_FOUND", message("projects.notFound"));
      return project;
    }),

  /** Administrators, and managers where the administrator allows it: a manager becomes the new project's manager. */
  create: procedure
    .meta(policy.createProject)
    .input(projectFields)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const created = tx.insert(projects).values(input).returning({ id: projects.id }).get();
        recordAudit(tx, actorOf(ctx), { entityType: "project", entityId: created.id, action: "create", after: input });
        // An administrator reaches every project already; anyone else would lose sight of what they made.
        if (!isAdministrator(ctx.user!.memberships)) {
          const grant = { userId: ctx.user!.id, role: "project_manager" as const, projectId: created.id, pilotId: null };
          const membership = tx.insert(memberships).values(grant).returning({ id: memberships.id }).get();
          recordAudit(tx, actorOf(ctx), { entityType: "membership", entityId: membership.id, action: "grant", after: { ...grant, reason: "created the project" } });
        }
        return created;
      }),
    ),

  update: procedure
    .meta(policy.setUp({ project: "id" }))
    .input(projectUpdate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const before = tx.select(projectColumns).from(projects).where(eq(projects.id, input.id)).get();
        const outcome = tx
          .update(projects)
          .set({ ...input.fields, version: sql`${projects.version} + 1`, updatedAt: nowTimestamp() })
          .where(and(eq(projects.id, input.id), eq(projects.version, input.version)))
          .run();
        assertVersionedUpdate(outcome.changes, !!before, "Project", before && `"${before.name}", ${before.startDate} to ${before.endDate}, tolerance ${before.tolerancePercent} %`);
        recordAudit(tx, actorOf(ctx), { entityType: "project", entityId: input.id, action: "change", before, after: input.fields });
        return { id: input.id };
      }),
    ),

  setArchived: procedure
    .meta(policy.setUp({ project: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const outcome = tx
          .update(projects)
          .set({ archivedAt: input.archived ? nowTimestamp() : null, version: sql`${projects.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(projects.id, input.id))
          .run();
        if (outcome.changes === 0) throw userError("NOT_FOUND", message("projects.notFound"));
        recordAudit(tx, actorOf(ctx), { entityType: "project", entityId: input.id, action: input.archived ? "archive" : "restore" });
        return { id: input.id, archived: input.archived };
      }),
    ),
});
