import { createHash } from "node:crypto";
import type { AppDatabase } from "../../db/client";

/** The stored rows an import plan was built from. */
export interface FingerprintScope {
  /** Project names the file refers to (found or not). */
  projectNames: string[];
  /** "project\0pilot" keys, lower case, the file refers to (found or not). */
  pilotKeys: string[];
  /** Stored pilots whose indicators and periods the plan read. */
  pilotIds: number[];
  /** Stored indicators whose results the plan read. */
  indicatorIds: number[];
}

const key = (...parts: string[]) => parts.map((p) => p.trim().toLowerCase()).join("\u0000");

/**
 * A digest of everything the plan depends on. Versions only grow and rows are never deleted (results
 * are never removed, the rest is archived), so counts and version sums change with every write that
 * matters: a project or pilot appearing, an indicator edited, a result saved by someone else.
 */
export function stateFingerprint(db: AppDatabase, scope: FingerprintScope): string {
  const sqlite = db.$client;
  const hash = createHash("sha256");
  const names = new Set(scope.projectNames.map((n) => key(n)));
  const projects = sqlite.prepare("SELECT id, name, version FROM projects ORDER BY id").all() as { id: number; name: string; version: number }[];
  for (const p of projects) if (names.has(key(p.name))) hash.update(`project ${p.id}:${p.version}:${key(p.name)};`);
  const pilotKeys = new Set(scope.pilotKeys);
  const pilotIds = new Set(scope.pilotIds);
  const pilots = sqlite.prepare("SELECT p.id, p.version, p.title, j.name AS project FROM pilots p JOIN projects j ON j.id = p.project_id ORDER BY p.id").all() as {
    id: number;
    version: number;
    title: string;
    project: string;
  }[];
  for (const p of pilots) if (pilotIds.has(p.id) || pilotKeys.has(key(p.project, p.title))) hash.update(`pilot ${p.id}:${p.version}:${key(p.project, p.title)};`);
  if (scope.pilotIds.length > 0) {
    const rows = sqlite
      .prepare(
        `SELECT pilot_id AS pilotId, count(*) AS n, total(version) AS versions, max(id) AS lastId,
                (SELECT count(*) FROM reporting_periods rp WHERE rp.pilot_id = i.pilot_id) AS periods
         FROM indicators i WHERE pilot_id IN (SELECT value FROM json_each(?)) GROUP BY pilot_id ORDER BY pilot_id`,
      )
      .all(JSON.stringify(scope.pilotIds));
    hash.update(JSON.stringify(rows));
  }
  if (scope.indicatorIds.length > 0) {
    const row = sqlite
      .prepare(
        "SELECT count(*) AS n, total(version) AS versions, total(id * version) AS weighted, max(id) AS lastId FROM results WHERE indicator_id IN (SELECT value FROM json_each(?))",
      )
      .get(JSON.stringify(scope.indicatorIds));
    hash.update(JSON.stringify(row));
  }
  return hash.digest("hex").slice(0, 32);
}
