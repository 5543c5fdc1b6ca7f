import { auditLog } from "../../db/schema";
import type { AppDatabase } from "../../db/client";
import { nowTimestamp } from "../clock";

type Writer = Pick<AppDatabase, "insert">;

export interface Actor {
  id: number | null;
  name: string;
}

export const systemActor = (name: string): Actor => ({ id: null, name });

export interface AuditEntry {
  entityType: "project" | "pilot" | "indicator" | "result" | "period_report" | "result_comment" | "user" | "membership" | "import";
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
