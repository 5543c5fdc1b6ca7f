import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { indicators, pilots, projects, reportingPeriods } from "../../db/schema";
import type { ActionCounts, ImportOutcome, SheetKind } from "../../shared/importFormat";
import { nowTimestamp } from "../clock";
import { syncReportingPeriods } from "../services/reportingPeriods";
import { stateFingerprint } from "./fingerprint";
import type { ImportPlan } from "./planImport";
import { message } from "../../shared/i18n/message";
import { ImportTextError } from "./importErrors";

export class ImportConflict extends ImportTextError {}

const CHUNK = 5_000;

/**
 * Writes a plan that has no problems, all or nothing, in one IMMEDIATE transaction (the write lock is
 * taken first, so the fingerprint check and the writes see the same rows). Readers on other
 * connections go on reading the last committed state meanwhile (WAL).
 */
export function applyImport(db: AppDatabase, plan: ImportPlan, token: string, onProgress: (done: number, total: number) => void): ImportOutcome {
  const started = performance.now();
  const sqlite = db.$client;
  const total = plan.resultWrites.length;
  const pilotIds = new Set<number>();
  const projectIds = new Set<number>();
  db.transaction(
    (tx) => {
      if (stateFingerprint(db, plan.scope) !== token)
        throw new ImportConflict(message("importFile.errors.changedSincePreview"));
      // Submitted and approved periods are locked for imports as for the period form (docs/decisions/010).
      const periodIds = [...new Set(plan.resultWrites.map((w) => w.period.id).filter((id): id is number => id !== undefined && id !== null))];
      const locked = periodIds.length
        ? (sqlite
            .prepare("SELECT count(*) AS n FROM period_reports WHERE state IN ('submitted', 'approved') AND period_id IN (SELECT value FROM json_each(?))")
            .get(JSON.stringify(periodIds)) as { n: number }).n
        : 0;
      if (locked > 0)
        throw new ImportConflict(message("importFile.errors.lockedPeriods", { count: locked }));
      for (const project of plan.projectsToCreate) {
        project.id = tx.insert(projects).values(project.fields!).returning({ id: projects.id }).get().id;
        projectIds.add(project.id);
      }
      for (const pilot of plan.pilotsToCreate) {
        const fields = pilot.fields!;
        pilot.id = tx.insert(pilots).values({ ...fields, projectId: pilot.project.id! }).returning({ id: pilots.id }).get().id;
        syncReportingPeriods(tx, pilot.id, fields.startDate, fields.endDate, fields.reportingFrequency);
        const stored = new Map(tx.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilot.id)).all().map((p) => [p.sequence, p.id]));
        for (const period of pilot.periods) period.id = stored.get(period.sequence)!;
        pilotIds.add(pilot.id);
        projectIds.add(pilot.project.id!);
      }
      for (const indicator of plan.indicatorWrites) {
        const pilotId = indicator.pilot.id!;
        if (indicator.write === "create") {
          indicator.id = tx.insert(indicators).values({ ...indicator.fields, pilotId }).returning({ id: indicators.id }).get().id;
        } else {
          const outcome = tx
            .update(indicators)
            .set({ ...indicator.fields, version: sql`${indicators.version} + 1`, updatedAt: nowTimestamp() })
            .where(and(eq(indicators.id, indicator.id!), eq(indicators.version, indicator.version)))
            .run();
          if (outcome.changes !== 1) throw new ImportConflict(message("importFile.errors.indicatorChanged", { name: indicator.fields.name }));
        }
        pilotIds.add(pilotId);
        projectIds.add(indicator.pilot.project.id!);
      }

      const insert = sqlite.prepare(
        `INSERT INTO results (indicator_id, period_id, pilot_id, period_sequence, value, respondents, numerator, denominator, comment, entered_by, entered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const update = sqlite.prepare(
        `UPDATE results SET value = ?, respondents = ?, numerator = ?, denominator = ?, comment = ?, entered_by = ?, entered_at = ?, version = version + 1
         WHERE id = ? AND version = ?`,
      );
      // Every change is in the audit trail, in the same transaction, as for saves in the period form.
      const audit = sqlite.prepare(
        `INSERT INTO audit_log (actor_id, actor_name, at, entity_type, entity_id, action, before, after, pilot_id, indicator_id) VALUES (NULL, ?, ?, 'result', ?, ?, ?, ?, ?, ?)`,
      );
      const stored = sqlite.prepare("SELECT value, respondents, numerator, denominator, comment FROM results WHERE id = ?");
      const enteredAt = nowTimestamp();
      const touched = new Set<number>();
      let fromSequence = Infinity;
      plan.resultWrites.forEach((write, index) => {
        const { values, indicator, period } = write;
        const after = JSON.stringify({ ...values, comment: write.comment, periodSequence: period.sequence, source: "import" });
        if (write.existing) {
          const before = JSON.stringify({ ...(stored.get(write.existing.id) as object), periodSequence: period.sequence });
          const outcome = update.run(values.value, values.respondents, values.numerator, values.denominator, write.comment, write.enteredBy, enteredAt, write.existing.id, write.existing.version);
          if (outcome.changes !== 1) throw new ImportConflict(message("importFile.errors.resultChanged", { name: indicator.fields.name }));
          audit.run(write.enteredBy, enteredAt, write.existing.id, "change", before, after, indicator.pilot.id!, indicator.id!);
        } else {
          const created = insert.run(indicator.id!, period.id!, indicator.pilot.id!, period.sequence, values.value, values.respondents, values.numerator, values.denominator, write.comment, write.enteredBy, enteredAt);
          audit.run(write.enteredBy, enteredAt, Number(created.lastInsertRowid), "create", null, after, indicator.pilot.id!, indicator.id!);
        }
        touched.add(indicator.id!);
        pilotIds.add(indicator.pilot.id!);
        projectIds.add(indicator.pilot.project.id!);
        fromSequence = Math.min(fromSequence, period.sequence);
        if ((index + 1) % CHUNK === 0) onProgress(index + 1, total);
      });
      refreshCumulativeTotals(tx, [...touched], Number.isFinite(fromSequence) ? fromSequence : 0);
      onProgress(total, total);
    },
    { behavior: "immediate" },
  );
  const counts = plan.preview.counts;
  const outcome: Record<SheetKind, ActionCounts> = { projects: counts.projects, pilots: counts.pilots, indicators: counts.indicators, results: { ...counts.results } };
  return { counts: outcome, ms: Math.round(performance.now() - started), pilotIds: [...pilotIds], projectIds: [...projectIds] };
}
