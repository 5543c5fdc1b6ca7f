import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { securityLog, users } from "../../db/schema";
import type { Clock } from "../../shared/clock";
import { processClock, useClock } from "../../server/clock";
import { createInnerContext, type RequestInfo } from "../../server/context";
import { createCaller } from "../../server/root";
import { resolveSession } from "../../server/services/sessions";
import { createSignInLimiter } from "../../server/services/signInLimiter";
import { callerAs, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";

let testDb: ReturnType<typeof createTestDatabase>;
let previousClock: Clock;
/** A settable process clock, so that "within the hour" is tested without waiting. */
let now = new Date("2026-11-23T09:15:00.000Z");
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
  now = new Date("2026-11-23T09:15:00.000Z");
  previousClock = useClock({ now: () => now, today: () => now.toISOString().slice(0, 10), timestamp: () => now.toISOString() });
});
afterEach(() => {
  useClock(previousClock);
  testDb.cleanup();
});

const demoPassword = (email: string) => testDb.db.select({ p: users.demoPassword }).from(users).where(eq(users.email, email)).get()!.p!;
const idOf = (email: string) => testDb.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
const logRows = () => testDb.db.select().from(securityLog).orderBy(securityLog.id).all();

/** A browser at one client address, keeping the session cookie the server sets; a generous limiter unless given. */
function browser(address: string, limiter = createSignInLimiter({ freeFailuresPerAccountAndAddress: 1000, freeFailuresPerAccount: 1000, freeUnknownFailuresPerAddress: 1000 })) {
  const jar: { token: string | null } = { token: null };
  const request: RequestInfo = { address, setSessionCookie: (token) => (jar.token = token), clearSessionCookie: () => (jar.token = null) };
  return () => {
    const session = resolveSession(testDb.db, jar.token ?? undefined);
    return createCaller(createInnerContext({ db: testDb.db, user: session?.user ?? null, sessionId: session?.sessionId ?? null, request, signInLimiter: limiter }));
  };
}

async function refused(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("Expected a refusal");
}

describe("the security log", () => {
  it("records a sign-in, a wrong password, a password change and sign-outs, with the account and the client address, never a secret", async () => {
    const as = browser("198.51.100.4");
    const password = demoPassword(DEMO_ACCOUNTS.coordinator);
    await refused(as().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password: "not-the-password" }));
    await as().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password });
    await as().auth.changePassword({ currentPassword: password, newPassword: "a brand new passphrase" });
    await as().auth.signOutEverywhere();
    await as().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password: "a brand new passphrase" });
    await as().auth.signOut();
    const me = idOf(DEMO_ACCOUNTS.coordinator);
    expect(logRows().map(({ event, userId, email, address, at }) => ({ event, userId, email, address, at }))).toEqual([
      { event: "sign_in_failed", userId: me, email: DEMO_ACCOUNTS.coordinator, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
      { event: "sign_in", userId: me, email: null, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
      { event: "password_change", userId: me, email: null, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
      { event: "sign_out_everywhere", userId: me, email: null, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
      { event: "sign_in", userId: me, email: null, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
      { event: "sign_out", userId: me, email: null, address: "198.51.100.4", at: "2026-11-23T09:15:00.000Z" },
    ]);
    const everything = JSON.stringify(testDb.db.$client.prepare("SELECT * FROM security_log").all());
    for (const secret of [password, "not-the-password", "a brand new passphrase"]) expect(everything).not.toContain(secret);
  });

  it("records an administrator's password reset under the account, naming the administrator", async () => {
    const admin = callerAs(testDb.db, DEMO_ACCOUNTS.administrator);
    const { generatedPassword } = await admin.users.resetPassword({ id: idOf(DEMO_ACCOUNTS.coordinator) });
    const page = await admin.securityLog.list({ event: "password_reset" });
    expect(page.entries).toEqual([expect.objectContaining({ event: "password_reset", userEmail: DEMO_ACCOUNTS.coordinator, actorName: expect.stringContaining("administrator") })]);
    expect(JSON.stringify(page)).not.toContain(generatedPassword);
  });

  it("folds failed sign-ins for unknown addresses into one line per client address and hour", async () => {
    const attacker = browser("203.0.113.66");
    for (let i = 0; i < 8; i++) await refused(attacker().auth.signIn({ email: `made.up.${i}@example.org`, password: "guess" }));
    await refused(browser("192.0.2.9")().auth.signIn({ email: "someone.else@example.org", password: "guess" }));
    now = new Date("2026-11-23T10:01:00.000Z");
    await refused(attacker().auth.signIn({ email: "made.up.next.hour@example.org", password: "guess" }));
    expect(logRows().map(({ event, userId, email, address, attempts, lastAt }) => ({ event, userId, email, address, attempts, lastAt }))).toEqual([
      { event: "sign_in_failed", userId: null, email: "made.up.0@example.org", address: "203.0.113.66", attempts: 8, lastAt: "2026-11-23T09:15:00.000Z" },
      { event: "sign_in_failed", userId: null, email: "someone.else@example.org", address: "192.0.2.9", attempts: 1, lastAt: null },
      { event: "sign_in_failed", userId: null, email: "made.up.next.hour@example.org", address: "203.0.113.66", attempts: 1, lastAt: null },
    ]);
    // Each attempt costs one scrypt on purpose (server/routers/auth.ts): slow on a loaded machine.
  }, 60_000);

  it("is read by administrators only, newest first, a page at a time, filtered by event", async () => {
    for (let i = 0; i < 55; i++) {
      now = new Date(Date.UTC(2026, 10, 23, 9, 0, i));
      await browser("198.51.100.4")().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: demoPassword(DEMO_ACCOUNTS.manager) });
    }
    await refused(browser("198.51.100.4")().auth.signIn({ email: DEMO_ACCOUNTS.manager, password: "wrong" }));
    const admin = callerAs(testDb.db, DEMO_ACCOUNTS.administrator);
    const first = await admin.securityLog.list({});
    expect(first).toMatchObject({ total: 56, page: 1, pages: 2, pageSize: 50 });
    expect(first.entries[0]).toMatchObject({ event: "sign_in_failed", userEmail: DEMO_ACCOUNTS.manager, emailTyped: DEMO_ACCOUNTS.manager });
    expect(first.entries[1]!.at).toBe("2026-11-23T09:00:54.000Z");
    expect((await admin.securityLog.list({ page: 2 })).entries).toHaveLength(6);
    expect((await admin.securityLog.list({ event: "sign_in_failed" })).total).toBe(1);
    for (const email of [DEMO_ACCOUNTS.manager, DEMO_ACCOUNTS.coordinator]) expect((await refused(callerAs(testDb.db, email).securityLog.list({}))).code).toBe("FORBIDDEN");
    expect((await refused(callerAs(testDb.db, null).securityLog.list({}))).code).toBe("UNAUTHORIZED");
    expect(processClock().timestamp()).toBe(now.toISOString());
  }, 60_000);

  it("writes no line when the session change fails with it", async () => {
    const as = browser("198.51.100.4");
    await as().auth.signIn({ email: DEMO_ACCOUNTS.coordinator, password: demoPassword(DEMO_ACCOUNTS.coordinator) });
    testDb.db.$client.exec("CREATE TRIGGER refuse_sign_out BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'refused'); END");
    await expect(as().auth.signOut()).rejects.toThrow();
    expect(logRows().map((r) => r.event)).toEqual(["sign_in"]);
  });
});
