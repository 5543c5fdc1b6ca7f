import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { memberships, pilots, projects, sessions, users } from "../../db/schema";
import { setLanguageInput } from "../../shared/i18n/languageSchema";
import { message } from "../../shared/i18n/message";
import { changePasswordInput, signInInput } from "../../shared/schemas";
import { isSupportedLanguage } from "../i18n";
import { mayCreateProjects, policy } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../services/passwords";
import { HashQueueFull } from "../services/hashQueue";
import type { InnerContext } from "../context";
import type { Reservation } from "../services/signInLimiter";
import { recordFailedSignIn, recordSecurityEvent } from "../services/securityLog";
import { createSession, deleteSessionsOf } from "../services/sessions";
import { nowTimestamp } from "../clock";
import { procedure, router } from "../trpc";
import { invalidInput, userError } from "../errors";

export const authRouter = router({
  /** The signed-in person with their roles (and the names of where they hold them), or null. */
  me: procedure.meta(policy.anyone).query(({ ctx }) => {
    if (!ctx.user) return null;
    const held = ctx.db
      .select({ role: memberships.role, projectId: memberships.projectId, pilotId: memberships.pilotId, projectName: projects.name, pilotTitle: pilots.title })
      .from(memberships)
      .leftJoin(projects, eq(projects.id, memberships.projectId))
      .leftJoin(pilots, eq(pilots.id, memberships.pilotId))
      .where(eq(memberships.userId, ctx.user.id))
      .all();
    return {
      id: ctx.user.id,
      email: ctx.user.email,
      name: ctx.user.name,
      language: ctx.user.language,
      mustChangePassword: ctx.user.mustChangePassword,
      memberships: held,
      mayCreateProjects: mayCreateProjects(ctx.db, ctx.user.memberships),
    };
  }),

  /** Remembers the language the person chose, so that it follows them to another browser. */
  setLanguage: procedure
    .meta(policy.signedIn)
    .input(setLanguageInput)
    .mutation(({ ctx, input }) => {
      if (!isSupportedLanguage(input.language)) throw invalidInput(message("errors.unsupportedLanguage"), { language: message("validation.language") });
      ctx.db.update(users).set({ language: input.language }).where(eq(users.id, ctx.user!.id)).run();
      return { language: input.language };
    }),

  /** The demo accounts and their passwords, only while the server runs in demo mode (README). */
  demoAccounts: procedure.meta(policy.anyone).query(({ ctx }) => {
    if (!ctx.demoMode) return [];
    return ctx.db
      .select({ email: users.email, name: users.name, password: users.demoPassword, role: memberships.role })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(isNotNull(users.demoPassword), eq(users.active, true)))
      .groupBy(users.id)
      .orderBy(asc(users.id))
      .all();
  }),

  /**
   * The same answer whether the address exists or not, in about the same time (a wrong address still
   * costs one scrypt). The attempt is counted before the hash is checked (docs/decisions/015): parallel
   * guesses see each other, repeated failures wait growing delays, and a browser that signed in to this
   * account before is counted apart from everyone else.
   */
  signIn: procedure
    .meta(policy.anyone)
    .input(signInInput)
    .mutation(async ({ ctx, input }) => {
      const { address } = ctx.request;
      const user = ctx.db.select().from(users).where(eq(users.email, input.email)).get();
      const reservation = reserveAttempt(ctx, input.email, user !== undefined);
      const passwordRight = await checkPassword(reservation, input.password, user?.passwordHash ?? decoyPasswordHash);
      if (!user || !passwordRight || !user.active) {
        recordFailedSignIn(ctx.db, { userId: user?.id ?? null, email: input.email, address });
        throw userError("UNAUTHORIZED", message("signIn.wrongCredentials"));
      }
      reservation.succeeded();
      const { token, expiresAt } = ctx.db.transaction((tx) => {
        const session = createSession(tx, user.id);
        recordSecurityEvent(tx, { event: "sign_in", userId: user.id, address });
        return session;
      });
      ctx.request.setSessionCookie(token, expiresAt);
      ctx.request.setDeviceCookie?.(ctx.signInLimiter.deviceCookieFor(input.email));
      // The client switches to it before its first request as this person (docs/decisions/021).
      return { name: user.name, language: user.language };
    }),

  signOut: procedure.meta(policy.anyone).mutation(({ ctx }) => {
    const { sessionId, user } = ctx;
    if (sessionId)
      ctx.db.transaction((tx) => {
        tx.delete(sessions).where(eq(sessions.id, sessionId)).run();
        if (user) recordSecurityEvent(tx, { event: "sign_out", userId: user.id, address: ctx.request.address });
      });
    ctx.request.clearSessionCookie();
    return { signedOut: true };
  }),

  /** Ends every session of this account, this browser's too (a lost laptop, a shared computer). */
  signOutEverywhere: procedure.meta(policy.signedIn).mutation(({ ctx }) => {
    const userId = ctx.user!.id;
    ctx.db.transaction((tx) => {
      deleteSessionsOf(tx, userId);
      recordSecurityEvent(tx, { event: "sign_out_everywhere", userId, address: ctx.request.address });
    });
    ctx.request.clearSessionCookie();
    return { signedOut: true };
  }),

  /** Other browsers are signed out; this one stays signed in. */
  changePassword: procedure
    .meta(policy.signedIn)
    .input(changePasswordInput)
    .mutation(async ({ ctx, input }) => {
      const user = ctx.db.select().from(users).where(eq(users.id, ctx.user!.id)).get()!;
      // The same counters as signing in: a stolen session must not become an unlimited password oracle.
      const reservation = reserveAttempt(ctx, user.email, true);
      if (!(await checkPassword(reservation, input.currentPassword, user.passwordHash)))
        throw invalidInput(message("account.nothingChanged"), { currentPassword: message("account.notCurrentPassword") });
      reservation.succeeded();
      if (input.newPassword === input.currentPassword) throw invalidInput(message("account.nothingChanged"), { newPassword: message("account.sameAsCurrentPassword") });
      const passwordHash = await hashPassword(input.newPassword);
      ctx.db.transaction((tx) => {
        tx.update(users)
          .set({ passwordHash, demoPassword: null, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(users.id, user.id))
          .run();
        deleteSessionsOf(tx, user.id, ctx.sessionId ?? undefined);
        recordSecurityEvent(tx, { event: "password_change", userId: user.id, address: ctx.request.address });
        recordAudit(tx, actorOf(ctx), { entityType: "user", entityId: user.id, action: "change password" });
      });
      return { changed: true };
    }),
});

type Allowed = Extract<Reservation, { allowed: true }>;

/** Counts the attempt on the sign-in counters, or refuses it with how long to wait. */
function reserveAttempt(ctx: InnerContext, email: string, accountExists: boolean): Allowed {
  const reservation = ctx.signInLimiter.reserve({ email, address: ctx.request.address, accountExists, deviceCookie: ctx.request.deviceCookie });
  if (reservation.allowed) return reservation;
  const seconds = Math.ceil(reservation.waitMs / 1000);
  throw userError(
    "TOO_MANY_REQUESTS",
    seconds < 60 ? message("signIn.tooManyAttemptsSeconds", { count: seconds }) : message("signIn.tooManyAttempts", { count: Math.ceil(seconds / 60) }),
  );
}

/** The hash, through the bounded queue; when the queue is full the attempt is given back and refused as busy. */
async function checkPassword(reservation: Allowed, password: string, hash: string | (() => Promise<string>)): Promise<boolean> {
  try {
    return await verifyPassword(password, typeof hash === "string" ? hash : await hash(), { first: reservation.trustedDevice });
  } catch (error) {
    reservation.cancelled();
    if (error instanceof HashQueueFull) throw userError("TOO_MANY_REQUESTS", message("signIn.busy"));
    throw error;
  }
}
