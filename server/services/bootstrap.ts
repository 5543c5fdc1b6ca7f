import { count } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { memberships, users } from "../../db/schema";
import { recordAudit, systemActor } from "./audit";
import { generatePassword, hashPasswordSync } from "./passwords";

/**
 * On a database without any account, creates the first administrator: from ADMIN_EMAIL and
 * ADMIN_PASSWORD when set, else with a random password that is printed once and never stored in clear.
 */
export function bootstrapAdministrator(db: AppDatabase, env: { ADMIN_EMAIL?: string; ADMIN_PASSWORD?: string }, log: (line: string) => void): boolean {
  const email = (env.ADMIN_EMAIL ?? "admin@localhost").trim().toLowerCase();
  const given = env.ADMIN_PASSWORD ?? "";
  if (given !== "" && given.length < 10) throw new Error("ADMIN_PASSWORD must have at least 10 characters.");
  const password = given || generatePassword();
  const created = db.transaction((tx) => {
    if ((tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return false;
    const { id } = tx
      .insert(users)
      .values({ email, name: "Administrator", passwordHash: hashPasswordSync(password) })
      .returning({ id: users.id })
      .get();
    tx.insert(memberships).values({ userId: id, role: "administrator" }).run();
    recordAudit(tx, systemActor("First start"), { entityType: "user", entityId: id, action: "create", after: { email, role: "administrator" } });
    return true;
  });
  if (!created) return false;
  if (given) log(`Created the administrator ${email} with the password from ADMIN_PASSWORD.`);
  else log(`Created the administrator ${email}. Password (shown only this once; change it after signing in): ${password}`);
  return true;
}
