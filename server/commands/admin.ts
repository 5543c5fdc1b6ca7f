/**
 * npm run admin -- reset-password EMAIL [--generate] [--db ./data/pilot-monitor.sqlite]
 *
 * Rescues a locked-out account (usually the administrator's) from the server's own machine: prints a
 * one-time link to set a new password, or with --generate sets a random password that must be changed at
 * the next sign-in. Either way the account's sessions end once the password changes; the audit trail
 * names "the command line" as who did it. Safe while the server runs.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { nowTimestamp } from "../clock";
import { recordAudit, systemActor } from "../services/audit";
import { generatePassword, hashPasswordSync } from "../services/passwords";
import { issuePasswordReset, PASSWORD_RESET_DAYS } from "../services/passwordResets";
import { recordSecurityEvent } from "../services/securityLog";
import { deleteSessionsOf } from "../services/sessions";

const usage = `Usage: npm run admin -- reset-password EMAIL [--generate] [--db PATH]

  reset-password EMAIL   prints a one-time link (valid for ${PASSWORD_RESET_DAYS} days) that sets a new password for EMAIL
    --generate           instead sets a random password, shown once, to be changed at the next sign-in
    --db PATH            the database (default: DB_PATH, else ./data/pilot-monitor.sqlite)

The link starts with PUBLIC_URL when it is set.`;

/** What a run prints and how it ends; the command's logic without process.exit, so that it can be tested in-process too. */
export interface Outcome {
  code: 0 | 1 | 2;
  out: string;
}

const commandLine = systemActor("command line (npm run admin)");

export function runAdminCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Outcome {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return { code: 2, out: `${(error as Error).message}\n\n${usage}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, out: usage };
  const [command, email, ...extra] = positionals;
  if (command !== "reset-password") return { code: 2, out: `${command ? `Unknown command "${command}".` : "Say what to do."}\n\n${usage}` };
  if (!email || extra.length > 0) return { code: 2, out: `Give exactly one e-mail address.\n\n${usage}` };
  const path = values.db ?? env.DB_PATH ?? "./data/pilot-monitor.sqlite";
  // Opening a missing file would create an empty database: a typo must not look like "no such account".
  if (!existsSync(path)) return { code: 1, out: `No database at ${path}. Give its path with --db, or set DB_PATH.` };
  const db = openDatabase(path);
  try {
    const address = email.trim().toLowerCase();
    const person = db.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.email, address)).get();
    if (!person) return { code: 1, out: `No account has the address ${address}. The addresses are on the Users page, or: sqlite3 ${path} "SELECT email FROM users"` };
    if (!person.active) return { code: 1, out: `The account of ${address} is deactivated: it cannot sign in whatever its password. Reactivate it on the Users page first.` };
    if (values.generate) {
      const password = generatePassword();
      const passwordHash = hashPasswordSync(password);
      db.transaction((tx) => {
        tx.update(users)
          .set({ passwordHash, demoPassword: null, mustChangePassword: true, version: sql`${users.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(users.id, person.id))
          .run();
        deleteSessionsOf(tx, person.id);
        recordSecurityEvent(tx, { event: "password_reset", userId: person.id, address: "command line" });
        recordAudit(tx, commandLine, { entityType: "user", entityId: person.id, action: "reset password" });
      });
      return {
        code: 0,
        out: `New password for ${person.name} <${address}>: ${password}\nIt is shown only now and must be changed at the next sign-in. Their sessions have ended.`,
      };
    }
    const issued = db.transaction((tx) => issuePasswordReset(tx, person.id, commandLine));
    const link = env.PUBLIC_URL ? new URL(issued.path, env.PUBLIC_URL).toString() : issued.path;
    return {
      code: 0,
      out: `One-time link for ${person.name} <${address}>, valid until ${issued.expiresAt.slice(0, 16).replace("T", " ")} UTC:\n${link}${env.PUBLIC_URL ? "" : "\n(PUBLIC_URL is not set: open it on the server's own address.)"}\nThe current password keeps working until the link is used.`,
    };
  } finally {
    db.$client.close();
  }
}

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: { generate: { type: "boolean" }, db: { type: "string" }, help: { type: "boolean", short: "h" } } });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { code, out } = runAdminCommand(process.argv.slice(2));
  (code === 0 ? console.log : console.error)(out);
  process.exit(code);
}
