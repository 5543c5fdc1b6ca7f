import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type AppDatabase } from "../../db/client";
import { seedDemoDataIfEmpty } from "../../server/demo/demo";
import { eq } from "drizzle-orm";
import { DEMO_ACCOUNTS } from "../../server/demo/demoAccounts";
import { memberships, users } from "../../db/schema";
import { createInnerContext, SESSION_COOKIE, type RequestInfo } from "../../server/context";
import { createSession, loadSignedInUser } from "../../server/services/sessions";
import type { SignInLimiter } from "../../server/services/signInLimiter";
import { createCaller } from "../../server/root";
import { testDay } from "./testDay";

/** A fresh, migrated SQLite file in a temporary folder; removed by `cleanup`. */
export function createTestDatabase(): { db: AppDatabase; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-test-"));
  const path = join(dir, "test.sqlite");
  const db = openDatabase(path);
  return {
    db,
    path,
    cleanup: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The day integration tests run on (and load the demo data on): see testDay.ts. */
export const DEMO_TODAY = testDay();

export { DEMO_ACCOUNTS };

/** An administrator for tests that start from an empty database (its password hash matches nothing). */
export const TEST_ADMIN = "test.admin@example.org";

function ensureTestAdministrator(db: AppDatabase): void {
  if (db.select({ id: users.id }).from(users).where(eq(users.email, TEST_ADMIN)).get()) return;
  const { id } = db.insert(users).values({ email: TEST_ADMIN, name: "Test administrator", passwordHash: "none" }).returning({ id: users.id }).get();
  db.insert(memberships).values({ userId: id, role: "administrator" }).run();
}

/**
 * A caller signed in as the account with this email (a demo account, or the test administrator by
 * default), as if through a session cookie. `null` calls without anybody signed in.
 */
export function callerAs(db: AppDatabase, email: string | null, options: { today?: string; request?: RequestInfo; signInLimiter?: SignInLimiter } = {}) {
  if (email === TEST_ADMIN) ensureTestAdministrator(db);
  let user = null;
  if (email !== null) {
    const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (!row) throw new Error(`No account ${email} in the test database`);
    user = loadSignedInUser(db, row.id);
  }
  const today = options.today ?? DEMO_TODAY;
  return createCaller(createInnerContext({ db, today: () => today, user, request: options.request, signInLimiter: options.signInLimiter }));
}

/** A session cookie of the test administrator, for HTTP tests on databases without demo accounts. */
export function adminSessionCookie(db: AppDatabase): string {
  ensureTestAdministrator(db);
  const admin = db.select({ id: users.id }).from(users).where(eq(users.email, TEST_ADMIN)).get()!;
  return `${SESSION_COOKIE}=${createSession(db, admin.id).token}`;
}

/** The administrator's caller: for tests of rules that do not depend on who calls. */
export function callerFor(db: AppDatabase, today = DEMO_TODAY) {
  return callerAs(db, TEST_ADMIN, { today });
}

export function seedDemo(db: AppDatabase, today = DEMO_TODAY) {
  seedDemoDataIfEmpty(db, today);
}
