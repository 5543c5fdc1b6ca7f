import Database from "better-sqlite3";
import type { Express } from "express";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AppDatabase } from "../../db/client";

/*
 * Probes for a supervisor or load balancer. /api/health says the process answers (restart it if not);
 * /api/ready says it can do its work: the database answers, its file is on disk and readable, and every
 * migration of this build is applied (send it traffic if so).
 */

const journalPath = resolve(import.meta.dirname, "../../db/migrations/meta/_journal.json");

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this build ships, each with the timestamp drizzle records when it applies one. */
function shippedMigrations(): JournalEntry[] {
  return (JSON.parse(readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] }).entries;
}

export type Readiness = { ready: true; migrations: number } | { ready: false; reason: string; pending?: string[] };

export function readiness(db: AppDatabase): Readiness {
  let applied: Set<number>;
  try {
    const rows = db.$client.prepare("SELECT created_at AS createdAt FROM __drizzle_migrations").all() as { createdAt: number }[];
    applied = new Set(rows.map((row) => Number(row.createdAt)));
  } catch {
    return { ready: false, reason: "database unreachable" };
  }
  const file = db.$client.name;
  // The open connection keeps answering from a file that was deleted or made unreadable, until the next
  // restart fails: so the file itself must open too.
  if (file !== ":memory:" && file !== "") {
    try {
      const probe = new Database(file, { readonly: true, fileMustExist: true });
      try {
        probe.prepare("SELECT count(*) FROM __drizzle_migrations").get();
      } finally {
        probe.close();
      }
    } catch {
      return { ready: false, reason: "database file unreadable" };
    }
  }
  const shipped = shippedMigrations();
  const pending = shipped.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
  if (pending.length > 0) return { ready: false, reason: "migrations not applied", pending };
  return { ready: true, migrations: shipped.length };
}

export function healthRoutes(app: Express, db: AppDatabase): void {
  app.get("/api/health", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.get("/api/ready", (_req, res) => {
    const state = readiness(db);
    res
      .status(state.ready ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(state.ready ? { status: "ready", migrations: state.migrations } : { status: "not ready", reason: state.reason, ...(state.pending ? { pending: state.pending } : {}) });
  });
}
