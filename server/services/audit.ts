import { auditLog } from "../../db/schema";
import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import { nowTimestamp } from "../clock";

type Writer = Pick<AppDatabase, "insert">;

export interface Actor {
  id: number | null;
  name: string;
}

export const systemActor = (name: string): Actor => ({ id: null, name });

/** What the history can be about: every kind of data a person changes (docs/decisions/013). */
export const auditedEntities = [
  "project",
  "pilot",
  "indicator",
  "result",
  "period_report",
  "result_comment",
  "user",
  "membership",
  "invitation",
  "stakeholder",
  "stakeholder_period",
  "communication",
  "report_section",
  "import",
  "evidence",
  "indicator_reference",
  "instance_settings",
  "password_reset",
  "notice_preference",
  "programme_indicator",
  "programme_target",
  "indicator_contribution",
] as const;
export type AuditedEntity = (typeof auditedEntities)[number];

export interface AuditEntry {
  entityType: AuditedEntity;
  entityId: number;
  action: string;
  before?: unknown;
  after?: unknown;
  pilotId?: number | null;
  indicatorId?: number | null;
}

/**
 * Appends one line to the audit trail. Call it with the transaction's handle, so that the line and the
 * change commit or roll back together.
 */
export function recordAudit(tx: Writer, actor: Actor, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      actorId: actor.id,
      actorName: actor.name,
      at: nowTimestamp(),
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      pilotId: entry.pilotId ?? null,
      indicatorId: entry.indicatorId ?? null,
    })
    .run();
}

/** Many lines at once with one prepared statement: an import writes one per result. Inside the write's transaction. */
export function writeAuditLines(db: AppDatabase, actor: Actor, entries: readonly AuditEntry[], at: string = nowTimestamp()): void {
  if (entries.length === 0) return;
  const insert = prepareCached(
    db.$client,
    `INSERT INTO audit_log (actor_id, actor_name, at, entity_type, entity_id, action, before, after, pilot_id, indicator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const entry of entries)
    insert.run(
      actor.id,
      actor.name,
      at,
      entry.entityType,
      entry.entityId,
      entry.action,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.pilotId ?? null,
      entry.indicatorId ?? null,
    );
}
