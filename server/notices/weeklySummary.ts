import { and, eq, isNull, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { memberships, notices, users } from "../../db/schema";
import type { Clock } from "../../shared/clock";
import { addDays } from "../../shared/dates";
import { weekStartOf } from "../../shared/noticePreferences";
import { likelyToMissWithPace } from "../services/likelyToMissPace";
import type { SummaryChange, SummaryWarning } from "./messages";
import { enqueueNotice } from "./outbox";

/** The pilots a manager holds the role for, directly or through their project (archived ones left out). */
function pilotsManagedBy(db: AppDatabase, userId: number): number[] {
  return (
    db.$client
      .prepare(
        `SELECT DISTINCT pl.id FROM memberships m
         JOIN pilots pl ON pl.id = m.pilot_id OR pl.project_id = m.project_id
         JOIN projects pr ON pr.id = pl.project_id
         WHERE m.user_id = ? AND m.role = 'project_manager' AND pl.archived_at IS NULL AND pr.archived_at IS NULL`,
      )
      .all(userId) as { id: number }[]
  ).map((row) => row.id);
}

/** The reports of these pilots that changed state from `from` (inclusive) to `to` (exclusive), from the audit trail. */
function reportChanges(db: AppDatabase, pilotIds: number[], from: string, to: string): SummaryChange[] {
  return (
    db.$client
      .prepare(
        `SELECT pl.title AS pilot, json_extract(a.after, '$.periodSequence') AS period, json_extract(a.after, '$.state') AS state,
                substr(a.at, 1, 10) AS date, '/pilots/' || pl.id || '/periods/' || r.period_id AS path
         FROM audit_log a JOIN period_reports r ON r.id = a.entity_id JOIN pilots pl ON pl.id = r.pilot_id
         WHERE a.entity_type = 'period_report' AND a.pilot_id IN (SELECT value FROM json_each(?)) AND a.at >= ? AND a.at < ?
         ORDER BY a.at, a.id`,
      )
      .all(JSON.stringify(pilotIds), from, to) as SummaryChange[]
  ).filter((change) => typeof change.state === "string");
}

/**
 * The managers' weekly summary, keyed `weeklySummary:<Monday>:<person>`: the first run of a week writes
 * one per manager with something to say: the reports of their pilots that changed state in the week
 * before, and the early warning as "needs attention" shows it (server/services/earlyWarning.ts through
 * the portfolio's snapshot, not computed again here) with the pace still needed. Nothing to say, no e-mail.
 */
export function enqueueWeeklySummaries(db: AppDatabase, clock: Clock): number {
  const today = clock.today();
  const weekStart = weekStartOf(today);
  // Those already written to this week are left out before the early warning is asked for: the daily runs
  // after the first of the week cost one query.
  const managers = db
    .selectDistinct({ id: users.id, email: users.email, language: users.language })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(notices, eq(notices.dedupeKey, sql`'weeklySummary:' || ${weekStart} || ':' || ${users.id}`))
    .where(and(eq(memberships.role, "project_manager"), eq(users.active, true), isNull(notices.id)))
    .all();
  if (managers.length === 0) return 0;
  const likelyToMiss = likelyToMissWithPace(db, today);
  let enqueued = 0;
  db.transaction((tx) => {
    for (const manager of managers) {
      const pilotIds = pilotsManagedBy(db, manager.id);
      if (pilotIds.length === 0) continue;
      const changes = reportChanges(db, pilotIds, `${addDays(weekStart, -7)}T00:00:00.000Z`, `${weekStart}T00:00:00.000Z`);
      const managed = new Set(pilotIds);
      const warnings: SummaryWarning[] = likelyToMiss
        .filter((w) => managed.has(w.pilot.id))
        .map((w) => ({
          pilot: w.pilot.title,
          indicator: w.indicator.name,
          projection: w.projectionText,
          pace: w.pace,
          path: `/pilots/${w.pilot.id}`,
        }));
      if (changes.length === 0 && warnings.length === 0) continue;
      const isNew = enqueueNotice(tx, {
        kind: "weeklySummary",
        dedupeKey: `weeklySummary:${weekStart}:${manager.id}`,
        recipient: manager,
        payload: { weekStart, changes, warnings, path: "/attention" },
      });
      if (isNew) enqueued++;
    }
  });
  return enqueued;
}
