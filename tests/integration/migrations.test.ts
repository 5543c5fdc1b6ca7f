import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";

const migrationsFolder = join(import.meta.dirname, "../../db/migrations");
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as the previous release left it: migrated through 0006, the audit triggers made at open. */
function databaseOfThePreviousRelease(path: string): void {
  const through0006 = join(dir, "migrations-0006");
  cpSync(migrationsFolder, through0006, { recursive: true });
  const journalPath = join(through0006, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === "0006_user_language") + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  const sqlite = new Database(path);
  migrate(drizzle(sqlite), { migrationsFolder: through0006 });
  for (const operation of ["UPDATE", "DELETE"])
    sqlite.exec(
      `CREATE TRIGGER IF NOT EXISTS audit_log_no_${operation.toLowerCase()} BEFORE ${operation} ON audit_log BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END`,
    );
  sqlite.prepare("INSERT INTO audit_log (actor_name, at, entity_type, entity_id, action) VALUES ('Old', '2026-01-01T00:00:00.000Z', 'project', 1, 'create')").run();
  sqlite.close();
}

describe("migrations on an existing database", () => {
  it("opens a database of the previous release: the new table is added, the trail stays append-only", () => {
    dir = mkdtempSync(join(tmpdir(), "pilot-monitor-migrate-"));
    const path = join(dir, "old.sqlite");
    databaseOfThePreviousRelease(path);
    const db = openDatabase(path);
    try {
      const triggers = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").all();
      expect(triggers).toEqual([{ name: "audit_log_no_delete" }, { name: "audit_log_no_update" }]);
      expect(() => db.$client.prepare("DELETE FROM audit_log").run()).toThrow("The audit trail is append-only.");
      expect(db.$client.prepare("SELECT count(*) AS n FROM security_log").get()).toEqual({ n: 0 });
      expect(db.$client.prepare("SELECT actor_name FROM audit_log").all()).toEqual([{ actor_name: "Old" }]);
    } finally {
      db.$client.close();
    }
  });

  it("makes the append-only triggers on a fresh database from the migration alone", () => {
    dir = mkdtempSync(join(tmpdir(), "pilot-monitor-migrate-"));
    const sqlite = new Database(join(dir, "fresh.sqlite"));
    migrate(drizzle(sqlite), { migrationsFolder });
    sqlite.prepare("INSERT INTO audit_log (actor_name, at, entity_type, entity_id, action) VALUES ('A', '2026-01-01T00:00:00.000Z', 'project', 1, 'create')").run();
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow("The audit trail is append-only.");
    sqlite.close();
  });
});
