import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { sortByNames } from "../../shared/collation";
import { z } from "zod";
import { memberships, pilots, projects, users } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { membershipInput, userCreate } from "../../shared/schemas";
import { policy } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { nowTimestamp } from "../clock";
import { generatePassword, hashPassword } from "../services/passwords";
import { recordSecurityEvent } from "../services/securityLog";
import { deleteSessionsOf } from "../services/sessions";
import { procedure, router } from "../trpc";
import { conflict, invalidInput, notFound, userError } from "../errors";

const id = z.number().int().positive();

/** Administrators' screens: people, their roles per project or pilot, deactivation (never deletion). */
export const usersRouter = router({
  list: procedure.meta(policy.administrator).query(({ ctx }) => {
    const people = sortByNames(
      ctx.db.select({ id: users.id, email: users.email, name: users.name, active: users.active, version: users.version, createdAt: users.createdAt }).from(users).all(),
      ctx.language,
      (person) => person.name,
    );
    const held = ctx.db
      .select({
        id: memberships.id,
        userId: memberships.userId,
        role: memberships.role,
        projectId: memberships.projectId,
        pilotId: memberships.pilotId,
        projectName: projects.name,
        pilotTitle: pilots.title,
      })
      .from(memberships)
      .leftJoin(projects, eq(projects.id, memberships.projectId))
      .leftJoin(pilots, eq(pilots.id, memberships.pilotId))
      .orderBy(asc(memberships.id))
      .all();
    return people.map((person) => ({ ...person, memberships: held.filter((m) => m.userId === person.id) }));
  }),

  /** Creates an account; without a password one is generated and returned once, for the administrator to pass on. */
  create: procedure
    .meta(policy.administrator)
    .input(userCreate)
    .mutation(async ({ ctx, input }) => {
      const password = input.password || generatePassword();
      const passwordHash = await hashPassword(password);
      return ctx.db.transaction((tx) => {
        if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get())
          throw invalidInput(message("users.emailTaken"), { email: message("users.emailTaken") });
        const created = tx.insert(users).values({ email: input.email, name: input.name, passwordHash, mustChangePassword: !input.password }).returning({ id: users.id }).get();
        recordAudit(tx, actorOf(ctx), { entityType: "user", entityId: created.id, action: "create", after: { email: input.email, name: input.name } });
        return { id: created.id, generatedPassword: input.password ? null : password };
      });
    }),

  /** A new random password, returned once; the person's sessions end. */
  resetPassword: procedure
    .meta(policy.administrator)
    .input(z.object({ id }).strict())
    .mutation(async ({ ctx, input }) => {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      ctx.db.transaction((tx) => {
        const changed = tx
          .update(users)
          .set({ passwordHash, demoPassword: null, mustChangePassword: true, version: sql`${users.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(users.id, input.id))
          .run();
        if (changed.changes === 0) throw notFound(message("shell.notFound.user"));
        deleteSessionsOf(tx, input.id);
        recordAudit(tx, actorOf(ctx), { entityType: "user", entityId: input.id, action: "reset password" });
        recordSecurityEvent(tx, { event: "password_reset", userId: input.id, actorId: ctx.user!.id, address: ctx.request.address });
      });
      return { generatedPassword: password };
    }),

  /** Deactivated people cannot sign in and are signed out; everything they did keeps their name. */
  setActive: procedure
    .meta(policy.administrator)
    .input(z.object({ id, version: z.number().int().positive(), active: z.boolean() }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        if (!input.active && input.id === ctx.user!.id) throw userError("PRECONDITION_FAILED", message("users.cannotDeactivateSelf"));
        const before = tx.select({ active: users.active }).from(users).where(eq(users.id, input.id)).get();
        const outcome = tx
          .update(users)
          .set({ active: input.active, version: sql`${users.version} + 1`, updatedAt: nowTimestamp() })
          .where(and(eq(users.id, input.id), eq(users.version, input.version)))
          .run();
        // Zero rows changed: the account is gone, or someone saved in between (never silently overwritten).
        if (outcome.changes !== 1) throw before ? conflict(message("users.changedByOthers")) : notFound(message("shell.notFound.user"));
        if (!input.active) deleteSessionsOf(tx, input.id);
        recordAudit(tx, actorOf(ctx), { entityType: "user", entityId: input.id, action: input.active ? "reactivate" : "deactivate", before, after: { active: input.active } });
        return { id: input.id, active: input.active };
      }),
    ),

  addMembership: procedure
    .meta(policy.administrator)
    .input(membershipInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        if (!tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get())
          throw invalidInput(message("users.userMissing"), { userId: message("users.chooseExistingUser") });
        if (input.projectId !== null && !tx.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId)).get())
          throw invalidInput(message("users.projectMissing"), { projectId: message("users.chooseExistingProject") });
        if (input.pilotId !== null && !tx.select({ id: pilots.id }).from(pilots).where(eq(pilots.id, input.pilotId)).get())
          throw invalidInput(message("users.pilotMissing"), { pilotId: message("users.chooseExistingPilot") });
        const same = tx
          .select({ id: memberships.id })
          .from(memberships)
          .where(
            and(
              eq(memberships.userId, input.userId),
              eq(memberships.role, input.role),
              input.projectId === null ? isNull(memberships.projectId) : eq(memberships.projectId, input.projectId),
              input.pilotId === null ? isNull(memberships.pilotId) : eq(memberships.pilotId, input.pilotId),
            ),
          )
          .get();
        if (same) return { id: same.id };
        const created = tx.insert(memberships).values(input).returning({ id: memberships.id }).get();
        recordAudit(tx, actorOf(ctx), { entityType: "membership", entityId: created.id, action: "grant", after: input, pilotId: input.pilotId });
        return created;
      }),
    ),

  removeMembership: procedure
    .meta(policy.administrator)
    .input(z.object({ id }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const row = tx.select().from(memberships).where(eq(memberships.id, input.id)).get();
        if (!row) throw notFound(message("shell.notFound.role"));
        if (row.userId === ctx.user!.id && row.role === "administrator") throw userError("PRECONDITION_FAILED", message("users.cannotRemoveOwnAdministrator"));
        tx.delete(memberships).where(eq(memberships.id, input.id)).run();
        recordAudit(tx, actorOf(ctx), { entityType: "membership", entityId: input.id, action: "revoke", before: row, pilotId: row.pilotId });
        return { id: input.id };
      }),
    ),
});
