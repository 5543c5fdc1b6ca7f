import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "../../db/schema";
import type { Message } from "../../shared/i18n/message";
import { createInnerContext, type RequestInfo } from "../../server/context";
import { translate } from "../../server/i18n";
import { createCaller } from "../../server/root";
import { bootstrapAdministrator } from "../../server/services/bootstrap";
import { hashPassword, verifyPassword } from "../../server/services/passwords";
import { resolveSession, sessionIdOf } from "../../server/services/sessions";
import { createSignInLimiter } from "../../server/services/signInLimiter";
import { databaseChecksum } from "../support/checksum";
import { callerAs, callerFor, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterEach(() => testDb.cleanup());

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("Expected the call to be refused");
}

const demoPassword = (email: string) => testDb.db.select({ p: users.demoPassword }).from(users).where(eq(users.email, email)).get()!.p!;

/** A browser: the cookie the server sets is kept and sent back, like a real one would. */
function browser(address = "203.0.113.7", limiter = createSignInLimiter()) {
  const jar: { token: string | null; device: string | undefined } = { token: null, device: undefined };
  const request: RequestInfo = {
    address,
    setSessionCookie: (token) => (jar.token = token),
    clearSessionCookie: () => (jar.token = null),
    get deviceCookie() {
      return jar.device;
    },
    setDeviceCookie: (value) => (jar.device = value),
  };
  const caller = () => {
    const session = resolveSession(testDb.db, jar.token ?? undefined);
    return createCaller(createInnerContext({ db: testDb.db, user: session?.user ?? null, sessionId: session?.sessionId ?? null, request, signInLimiter: limiter }));
  };
  return { jar, caller, limiter };
}

describe("passwords", () => {
  it("are hashed with scrypt and a salt per user, and verified", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    const stored = testDb.db.select({ hash: users.passwordHash, demo: users.demoPassword }).from(users).where(eq(users.email, DEMO_ACCOUNTS.manager)).get()!;
    expect(stored.hash).not.toContain(stored.demo!);
    expect(await verifyPassword(stored.demo!, stored.hash)).toBe(true);
  });
});

describe("signing in", () => {
  it("starts a session stored only as a hash, resolved from the cookie into the user and their roles", async () => {
    const b = browser();
    expect(await b.caller().auth.me()).toBeNull();
    await b.caller().auth.signIn({ email: "  Paolo.Manager@demo.example ", password: demoPassword(DEMO_ACCOUNTS.manager) });
    expect(b.jar.token).toMatch(/^[\w-]{43}$/);
    const stored = testDb.db.select().from(sessions).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(sessionIdOf(b.jar.token!));
    expect(stored[0]!.id).not.toContain(b.jar.token!);
    const me = await b.caller().auth.me();
    expect(me).toMatchObject({ name: "Paolo Conti (demo project manager)" });
    expect(me!.memberships.map((m) => m.role)).toEqual(["project_manager", "project_manager", "project_manager"]);
    await b.caller().auth.signOut();
    expect(b.jar.token).toBeNull();
    expect(testDb.db.select().from(sessions).all()).toHaveLength(0);
  });

  it("answers the same for an unknown address, a wrong password and a deactivated account", async () => {
    const b = browser();
    const unknown = await rejection(b.caller().auth.signIn({ email: "nobody@example.org", password: "whatever" }));
    const wrong = await rejection(b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: "whatever" }));
    const evaluator = (await callerFor(testDb.db).users.list()).find((u) => u.email === DEMO_ACCOUNTS.evaluator)!;
    await callerFor(testDb.db).users.setActive({ id: evaluator.id, version: evaluator.version, active: false });
    const inactive = await rejection(b.caller().auth.signIn({ email: DEMO_ACCOUNTS.evaluator, password: demoPassword(DEMO_ACCOUNTS.evaluator) }));
    for (const error of [unknown, wrong, inactive]) {
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toBe("The email address or the password is not right.");
    }
    expect(b.jar.token).toBeNull();
  });

  it("does not resolve an expired session", async () => {
    const b = browser();
    await b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: demoPassword(DEMO_ACCOUNTS.manager) });
    expect(resolveSession(testDb.db, b.jar.token!, new Date(Date.now() + 13 * 3_600_000))).toBeNull();
    expect(testDb.db.select().from(sessions).all()).toHaveLength(0);
  });

  it("counts each attempt before its hash: of 40 parallel guesses only the 5 free ones reach the password check", async () => {
    const b = browser("198.51.100.1");
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => rejection(b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: `guess-${i}` }))));
    const codes = answers.map((error) => error.code);
    expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(35);
    // Counted on the account too: the same guesses from another address do not start from zero.
    expect(answers.find((error) => error.code === "TOO_MANY_REQUESTS")!.message).toBe("Too many failed sign-ins. Wait 30 seconds before trying again.");
  });

  it("slows repeated failures with growing delays, and the right password gets in once the delay has passed", async () => {
    let now = 1_000_000;
    const limiter = createSignInLimiter({ now: () => now });
    const b = browser("198.51.100.1", limiter);
    const password = demoPassword(DEMO_ACCOUNTS.manager);
    const guess = () => rejection(b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: "guess" }));
    for (let i = 0; i < 5; i++) expect((await guess()).code).toBe("UNAUTHORIZED");
    const waits: string[] = [];
    for (let i = 0; i < 4; i++) {
      waits.push((await guess()).message);
      now += 30_000 * 2 ** i; // exactly the delay: the next guess is allowed, and fails
      expect((await guess()).code).toBe("UNAUTHORIZED");
    }
    expect(waits).toEqual(["30 seconds", "1 minute", "2 minutes", "4 minutes"].map((wait) => `Too many failed sign-ins. Wait ${wait} before trying again.`));
    // Never a fixed lock: the right password waits the current delay (8 minutes), then gets in.
    expect((await rejection(b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password }))).message).toContain("Wait 8 minutes");
    now += 8 * 60_000;
    await b.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password });
    expect(b.jar.token).not.toBeNull();
    // The delay caps at 15 minutes however long the guessing goes on.
    for (let i = 0; i < 30; i++) {
      now += 15 * 60_000;
      expect((await guess()).code).toBe("UNAUTHORIZED");
    }
    expect((await guess()).message).toBe("Too many failed sign-ins. Wait 15 minutes before trying again.");
  });

  it("lets a browser that signed in before past an attacker's failures (device cookie), and only for that account", async () => {
    let now = 1_000_000;
    const limiter = createSignInLimiter({ now: () => now });
    const password = demoPassword(DEMO_ACCOUNTS.manager);
    const laptop = browser("198.51.100.1", limiter);
    await laptop.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password });
    expect(laptop.jar.device).toMatch(/^[\w-]+\.[\w-]+$/);
    await laptop.caller().auth.signOut();
    // An attacker from the same address and from 30 others fails 200 times.
    for (let i = 0; i < 200; i++) {
      await rejection(
        browser(i % 2 ? "198.51.100.1" : `203.0.113.${i % 30}`, limiter)
          .caller()
          .auth.signIn({ email: DEMO_ACCOUNTS.manager, password: `guess-${i}` }),
      );
      now += 10;
    }
    const stranger = browser("198.51.100.1", limiter);
    expect((await rejection(stranger.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password }))).code).toBe("TOO_MANY_REQUESTS");
    await laptop.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password });
    expect(laptop.jar.token).not.toBeNull();
    // The cookie is signed: altered, or brought for another account, it counts for nothing.
    const forged = browser("198.51.100.1", limiter);
    forged.jar.device = `${laptop.jar.device!.split(".")[0]}.${"A".repeat(43)}`;
    expect((await rejection(forged.caller().auth.signIn({ email: DEMO_ACCOUNTS.manager, password }))).code).toBe("TOO_MANY_REQUESTS");
    const other = createSignInLimiter();
    expect(other.reserve({ email: DEMO_ACCOUNTS.evaluator, address: "x", accountExists: true, deviceCookie: limiter.deviceCookieFor(DEMO_ACCOUNTS.manager) })).toMatchObject({
      allowed: true,
      trustedDevice: false,
    });
  });

  it("throttles failures for unknown emails per address, without blocking the accounts that exist there", async () => {
    // The clock stands still: on a slow machine the first delay (1 s) would otherwise pass during the loop.
    const limiter = createSignInLimiter({ now: () => 1_000_000 });
    const office = browser("192.0.2.9", limiter);
    const codes = [];
    for (let i = 0; i < 30; i++) codes.push((await rejection(office.caller().auth.signIn({ email: `person${i}@example.org`, password: "guess" }))).code);
    expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(10);
    // A colleague at the same address, on a browser never used before, signs in with the right password.
    await browser("192.0.2.9", limiter)
      .caller()
      .auth.signIn({ email: DEMO_ACCOUNTS.evaluator, password: demoPassword(DEMO_ACCOUNTS.evaluator) });
    // Another address is not affected at all.
    expect((await rejection(browser("192.0.2.10", limiter).caller().auth.signIn({ email: "person0@example.org", password: "guess" }))).code).toBe("UNAUTHORIZED");
  }, 30_000); // twelve full-cost scrypt hashes, one after another
});

describe("changing the password and signing out everywhere", () => {
  it("needs the current password, keeps this browser signed in and signs the others out", async () => {
    const password = demoPassword(DEMO_ACCOUNTS.coordinator);
    const laptop = browser();
    const phone = browser();
    await laptop.caller().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password });
    await phone.caller().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password });
    const wrong = await rejection(laptop.caller().auth.changePassword({ currentPassword: "nope", newPassword: "a-brand-new-password" }));
    const { fieldErrors } = wrong.cause as unknown as { fieldErrors: Record<string, Message> };
    expect(Object.keys(fieldErrors)).toEqual(["currentPassword"]);
    expect(translate("en", fieldErrors.currentPassword!)).toBe("This is not your current password.");
    expect(translate("it", fieldErrors.currentPassword!)).toBe("Questa non è la tua password attuale.");
    expect((await rejection(laptop.caller().auth.changePassword({ currentPassword: password, newPassword: "short" }))).code).toBe("BAD_REQUEST");
    await laptop.caller().auth.changePassword({ currentPassword: password, newPassword: "a-brand-new-password" });
    expect(await laptop.caller().auth.me()).not.toBeNull();
    expect(await phone.caller().auth.me()).toBeNull();
    // The demo password is no longer shown anywhere.
    expect(testDb.db.select({ p: users.demoPassword }).from(users).where(eq(users.email, DEMO_ACCOUNTS.coordinator)).get()!.p).toBeNull();
    await rejection(browser().caller().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password }));
    await laptop.caller().auth.signOutEverywhere();
    expect(testDb.db.select().from(sessions).all()).toHaveLength(0);
  });

  it("limits guesses at the current password like sign-in: of 40 parallel wrong ones, 5 are checked", async () => {
    const laptop = browser("198.51.100.4");
    await laptop.caller().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password: demoPassword(DEMO_ACCOUNTS.coordinator) });
    const thief = browser("198.51.100.5");
    thief.jar.token = laptop.jar.token; // a stolen session, from a browser the account never used
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => rejection(thief.caller().auth.changePassword({ currentPassword: `guess-${i}`, newPassword: "a-brand-new-password" }))),
    );
    expect(answers.filter((error) => error.code === "BAD_REQUEST")).toHaveLength(5);
    expect(answers.filter((error) => error.code === "TOO_MANY_REQUESTS")).toHaveLength(35);
    // The account's own browser is counted apart and still changes the password.
    await laptop.caller().auth.changePassword({ currentPassword: demoPassword(DEMO_ACCOUNTS.coordinator), newPassword: "a-brand-new-password" });
  });
});

describe("demo mode and the first administrator", () => {
  it("shows the demo accounts' passwords only in demo mode", async () => {
    const call = (demoMode: boolean) => createCaller(createInnerContext({ db: testDb.db, demoMode })).auth.demoAccounts();
    expect(await call(false)).toEqual([]);
    const shown = await call(true);
    expect(shown.map((a) => a.role).sort()).toEqual(["administrator", "evaluator", "pilot_coordinator", "pilot_coordinator", "project_manager"]);
    expect(shown.every((a) => a.password && a.password.length >= 20)).toBe(true);
  });

  it("creates the administrator from ADMIN_EMAIL and ADMIN_PASSWORD on an empty database, once", async () => {
    const empty = createTestDatabase();
    try {
      const lines: string[] = [];
      expect(bootstrapAdministrator(empty.db, { ADMIN_EMAIL: "Boss@Example.org", ADMIN_PASSWORD: "a-long-admin-password" }, (l) => lines.push(l))).toBe(true);
      expect(lines.join("\n")).not.toContain("a-long-admin-password");
      expect(bootstrapAdministrator(empty.db, { ADMIN_EMAIL: "other@example.org", ADMIN_PASSWORD: "another-password" }, (l) => lines.push(l))).toBe(false);
      const b = createCaller(createInnerContext({ db: empty.db, request: { address: "x", setSessionCookie: () => {}, clearSessionCookie: () => {} } }));
      expect(await b.auth.signIn({ email: "boss@example.org", password: "a-long-admin-password" })).toEqual({ name: "Administrator", language: null });
    } finally {
      empty.cleanup();
    }
    const another = createTestDatabase();
    try {
      expect(() => bootstrapAdministrator(another.db, { ADMIN_PASSWORD: "short" }, () => {})).toThrow("at least 10 characters");
    } finally {
      another.cleanup();
    }
  });

  it("otherwise generates a password and prints it once", async () => {
    const empty = createTestDatabase();
    try {
      const lines: string[] = [];
      bootstrapAdministrator(empty.db, {}, (l) => lines.push(l));
      expect(lines).toHaveLength(1);
      const password = /Password \(shown only this once; change it after signing in\): (\S+)/.exec(lines[0]!)![1]!;
      const stored = empty.db.select().from(users).get()!;
      expect(stored.email).toBe("admin@localhost");
      expect(stored.demoPassword).toBeNull();
      expect(await verifyPassword(password, stored.passwordHash)).toBe(true);
    } finally {
      empty.cleanup();
    }
  });
});

describe("administering users", () => {
  it("creates a user with a generated password shown once, assigns roles per pilot, and deactivates without losing history", async () => {
    const admin = callerAs(testDb.db, DEMO_ACCOUNTS.administrator);
    const created = await admin.users.create({ email: "Nora@Example.org", name: "Nora Partner" });
    expect(created.generatedPassword).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    expect((await rejection(admin.users.create({ email: "nora@example.org", name: "Again" }))).code).toBe("BAD_REQUEST");
    const pilots = await admin.pilots.list();
    const luserna = pilots.find((p) => !p.isFictional)!;
    expect((await rejection(admin.users.addMembership({ userId: created.id, role: "pilot_coordinator" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(admin.users.addMembership({ userId: created.id, role: "administrator", pilotId: luserna.id }))).code).toBe("BAD_REQUEST");
    await admin.users.addMembership({ userId: created.id, role: "pilot_coordinator", pilotId: luserna.id });
    await admin.users.addMembership({ userId: created.id, role: "pilot_coordinator", pilotId: luserna.id });
    const nora = (await admin.users.list()).find((u) => u.id === created.id)!;
    expect(nora.memberships).toHaveLength(1);

    const b = browser();
    await b.caller().auth.signIn({ email: "nora@example.org", password: created.generatedPassword! });
    const comment = {
      resultId: testDb.db.$client.prepare("SELECT id FROM results WHERE pilot_id = ? LIMIT 1").pluck().get(luserna.id) as number,
      body: "Checked with the final report.",
    };
    // A password the administrator saw is changed first: until then nothing else is allowed.
    expect((await b.caller().auth.me())?.mustChangePassword).toBe(true);
    const refusal = await rejection(b.caller().history.addComment(comment));
    expect([refusal.code, refusal.message]).toEqual(["FORBIDDEN", "Choose your own password first: the one you signed in with was given to you."]);
    await b.caller().auth.changePassword({ currentPassword: created.generatedPassword!, newPassword: "nora-own-password" });
    expect((await b.caller().auth.me())?.mustChangePassword).toBe(false);
    expect((await callerAs(testDb.db, "nora@example.org").pilots.list()).map((p) => p.id)).toEqual([luserna.id]);
    await b.caller().history.addComment(comment);
    // Changing her password moved her account's version on.
    const current = (await admin.users.list()).find((u) => u.id === created.id)!;
    await admin.users.setActive({ id: nora.id, version: current.version, active: false });
    expect(await b.caller().auth.me()).toBeNull();
    expect(testDb.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, nora.id)).all()).toEqual([{ action: "change password" }, { action: "comment" }]);
    expect((await rejection(admin.users.setActive({ id: nora.id, version: current.version, active: true }))).code).toBe("CONFLICT");
    const self = (await admin.users.list()).find((u) => u.email === DEMO_ACCOUNTS.administrator)!;
    expect((await rejection(admin.users.setActive({ id: self.id, version: self.version, active: false }))).code).toBe("PRECONDITION_FAILED");
    const actions = testDb.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityType, "user"))
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(["create", "change password", "deactivate"]);
  });

  it("is for administrators only", async () => {
    for (const email of [DEMO_ACCOUNTS.manager, DEMO_ACCOUNTS.coordinator, DEMO_ACCOUNTS.evaluator]) {
      expect((await rejection(callerAs(testDb.db, email).users.create({ email: "x@example.org", name: "X" }))).code).toBe("FORBIDDEN");
    }
  });
});

describe("the audit trail", () => {
  it("is append-only in the database itself", async () => {
    await callerFor(testDb.db).projects.create({ name: "Audited", startDate: "2026-01-01", endDate: "2026-12-31" });
    const before = databaseChecksum(testDb.db);
    expect(() => testDb.db.$client.prepare("UPDATE audit_log SET actor_name = 'someone else'").run()).toThrow("The audit trail is append-only.");
    expect(() => testDb.db.$client.prepare("DELETE FROM audit_log").run()).toThrow("The audit trail is append-only.");
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("records every create, change and archive of the set-up with who, when, before and after", async () => {
    const manager = callerAs(testDb.db, DEMO_ACCOUNTS.manager);
    const admin = callerFor(testDb.db);
    const project = await admin.projects.create({ name: "Audited", startDate: "2026-01-01", endDate: "2026-12-31" });
    const pilot = await admin.pilots.create({ projectId: project.id, title: "P", startDate: "2026-01-01", endDate: "2026-12-31", reportingFrequency: "quarterly" });
    const fictional = (await manager.pilots.list()).find((p) => p.isFictional)!;
    const indicator = await manager.indicators.create({ pilotId: fictional.id, name: "Visits", kind: "quantitative", measure: "count", goal: 10 });
    const row = (await manager.indicators.listByPilot({ pilotId: fictional.id })).find((i) => i.id === indicator.id)!;
    const { id, version, resultCount: _r, createdAt: _c, updatedAt: _u, archivedAt: _a, pilotId: _p, measure: _m, cumulation: _cu, ...fields } = row;
    await manager.indicators.update({ id, version, corrections: { ...fields, goal: 12 } });
    await manager.indicators.setArchived({ id, archived: true });
    await admin.pilots.setArchived({ id: pilot.id, archived: true });
    const lines = testDb.db.select().from(auditLog).all();
    expect(lines.map((l) => `${l.entityType} ${l.action} by ${l.actorName}`)).toEqual([
      "project create by Test administrator",
      "pilot create by Test administrator",
      "indicator create by Paolo Conti (demo project manager)",
      "indicator change by Paolo Conti (demo project manager)",
      "indicator archive by Paolo Conti (demo project manager)",
      "pilot archive by Test administrator",
    ]);
    const change = lines[3]!;
    expect(JSON.parse(change.before!).goal).toBe(10);
    expect(JSON.parse(change.after!).goal).toBe(12);
    expect(change.indicatorId).toBe(indicator.id);
    expect(change.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const history = await callerAs(testDb.db, DEMO_ACCOUNTS.evaluator).history.indicator({ indicatorId: indicator.id });
    expect(history.entries.map((e) => e.action)).toEqual(["archive", "change", "create"]);
  });
});
