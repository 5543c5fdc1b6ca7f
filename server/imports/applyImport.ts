import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { indicators, pilots, projects, reportingPeriods } from "../../db/schema";
import type { ActionCounts, ImportOutcome, SheetKind } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { nowTimestamp } from "../clock";
import { recordAudit, type Actor } from "../services/audit";
import { syncReportingPeriods } from "../services/reportingPeriods";
import { stateFingerprint } from "./fingerprint";
import { ImportTextError } from "./importErrors";
import { changedDefinition } from "./plan/indicators";
import type { ImportPlan } from "./planImport";

export class ImportConflict extends ImportTextError {}

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/** The pilots and projects an import wrote to, for the outcome's links. */
interface Touched {
  pilotIds: Set<number>;
  projectIds: Set<number>;
}

const CHUNK = 5_000;

/**
 * Writes a plan that has no problems, all or nothing, in one IMMEDIATE transaction (the write lock is
 * taken first, so the fingerprint check and the writes see the same rows). Readers on other
 * connections go on reading the last committed state meanwhile (WAL). Everything is recorded under
 * `actor`, the person who uploaded and commits, with an audit line per created or changed row and one
 * for the import itself.
 */
export function applyImport(db: AppDatabase, plan: ImportPlan, token: string, actor: Actor, onProgress: (done: number, total: number) => void): ImportOutcome {
  const started = performance.now();
  const touched: Touched = { pilotIds: new Set(), projectIds: new Set() };
  db.transaction(
    (tx) => {
      if (stateFingerprint(db, plan.scope) !== token) throw new ImportConflict(message("importFile.errors.changedSincePreview"));
      refuseLockedPeriods(db, plan);
      writeProjects(tx, plan, actor, touched);
      writePilots(tx, plan, actor, touched);
      writeIndicators(tx, plan, actor, touched);
      writeResults(db, tx, plan, actor, touched, onProgress);
      // A file that matches what is stored writes nothing, not even its own line: the history lists changes.
      if (plan.preview.nothingToDo) return;
      const counts = plan.preview.counts;
      const onlyPilot = touched.pilotIds.size === 1 && plan.pilotsToCreate.length === 0 ? [...touched.pilotIds][0]! : null;
      // An import is no stored row of its own: its line is entity 0, in the pilot's history when it went into one pilot.
      recordAudit(tx, actor, {
        entityType: "import",
        entityId: 0,
        action: "import",
        after: { fileName: plan.fileName, projects: counts.projects, pilots: counts.pilots, indicators: counts.indicators, results: counts.results },
        pilotId: onlyPilot,
      });
    },
    { behavior: "immediate" },
  );
  const counts = plan.preview.counts;
  const outcome: Record<SheetKind, ActionCounts> = { projects: counts.projects, pilots: counts.pilots, indicators: counts.indicators, results: { ...counts.results } };
  return { counts: outcome, ms: Math.round(performance.now() - started), pilotIds: [...touched.pilotIds], projectIds: [...touched.projectIds] };
}

/** Submitted and approved periods are locked for imports as for the period form (docs/decisions/010). */
function refuseLockedPeriods(db: AppDatabase, plan: ImportPlan): void {
  const periodIds = [...new Set(plan.resultWrites.map((w) => w.period.id).filter((id): id is number => id !== undefined && id !== null))];
  if (periodIds.length === 0) return;
  const locked = (
    db.$client.prepare("SELECT count(*) AS n FROM period_reports WHERE state IN ('submitted', 'approved') AND period_id IN (SELECT value FROM json_each(?))").get(JSON.stringify(periodIds)) as {
      n: number;
    }
  ).n;
  if (locked > 0) throw new ImportConflict(message("importFile.errors.lockedPeriods", { count: locked }));
}

function writeProjects(tx: Transaction, plan: ImportPlan, actor: Actor, touched: Touched): void {
  for (const project of plan.projectsToCreate) {
    project.id = tx.insert(projects).values(project.fields!).returning({ id: projects.id }).get().id;
    recordAudit(tx, actor, { entityType: "project", entityId: project.id, action: "create", after: { ...project.fields, source: "import" } });
    touched.projectIds.add(project.id);
  }
}

function writePilots(tx: Transaction, plan: ImportPlan, actor: Actor, touched: Touched): void {
  for (const pilot of plan.pilotsToCreate) {
    const fields = { ...pilot.fields!, projectId: pilot.project.id! };
    pilot.id = tx.insert(pilots).values(fields).returning({ id: pilots.id }).get().id;
    syncReportingPeriods(tx, pilot.id, fields.startDate, fields.endDate, fields.reportingFrequency);
    const stored = new Map(tx.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilot.id)).all().map((p) => [p.sequence, p.id]));
    for (const period of pilot.periods) period.id = stored.get(period.sequence)!;
    recordAudit(tx, actor, { entityType: "pilot", entityId: pilot.id, action: "create", after: { ...fields, source: "import" }, pilotId: pilot.id });
    touched.pilotIds.add(pilot.id);
    touched.projectIds.add(pilot.project.id!);
  }
}

function writeIndicators(tx: Transaction, plan: ImportPlan, actor: Actor, touched: Touched): void {
  for (const indicator of plan.indicatorWrites) {
    const pilotId = indicator.pilot.id!;
    if (indicator.write === "create") {
      indicator.id = tx.insert(indicators).values({ ...indicator.fields, pilotId }).returning({ id: indicators.id }).get().id;
      recordAudit(tx, actor, { entityType: "indicator", entityId: indicator.id, action: "create", after: { ...indicator.fields, pilotId, source: "import" }, pilotId, indicatorId: indicator.id });
    } else {
      const outcome = tx
        .update(indicators)
        .set({ ...indicator.fields, version: sql`${indicators.version} + 1`, updatedAt: nowTimestamp() })
        .where(and(eq(indicators.id, indicator.id!), eq(indicators.version, indicator.version)))
        .run();
      if (outcome.changes !== 1) throw new ImportConflict(message("importFile.errors.indicatorChanged", { name: indicator.fields.name }));
      const { before, after } = changedDefinition(indicator.storedFields!, indicator.fields);
      recordAudit(tx, actor, { entityType: "indicator", entityId: indicator.id!, action: "change", before, after: { ...after, source: "import" }, pilotId, indicatorId: indicator.id! });
    }
    touched.pilotIds.add(pilotId);
    touched.projectIds.add(indicator.pilot.project.id!);
  }
}

/**
 * The results of the plan. Kept apart from the rest on purpose: it is to be replaced by the one write
 * path for results (server/writes/results.ts), which the form and the register use too.
 */
function writeResults(db: AppDatabase, tx: Transaction, plan: ImportPlan, actor: Actor, touchedPlaces: Touched, onProgress: (done: number, total: number) => void): void {
  const sqlite = db.$client;
  const total = plan.resultWrites.length;
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
    `INSERT INTO audit_log (actor_id, actor_name, at, entity_type, entity_id, action, before, after, pilot_id, indicator_id) VALUES (?, ?, ?, 'result', ?, ?, ?, ?, ?, ?)`,
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
      const outcome = update.run(values.value, values.respondents, values.numerator, values.denominator, write.comment, actor.name, enteredAt, write.existing.id, write.existing.version);
      if (outcome.changes !== 1) throw new ImportConflict(message("importFile.errors.resultChanged", { name: indicator.fields.name }));
      audit.run(actor.id, actor.name, enteredAt, write.existing.id, "change", before, after, indicator.pilot.id!, indicator.id!);
    } else {
      const created = insert.run(indicator.id!, period.id!, indicator.pilot.id!, period.sequence, values.value, values.respondents, values.numerator, values.denominator, write.comment, actor.name, enteredAt);
      audit.run(actor.id, actor.name, enteredAt, Number(created.lastInsertRowid), "create", null, after, indicator.pilot.id!, indicator.id!);
    }
    touched.add(indicator.id!);
    touchedPlaces.pilotIds.add(indicator.pilot.id!);
    touchedPlaces.projectIds.add(indicator.pilot.project.id!);
    fromSequence = Math.min(fromSequence, period.sequence);
    if ((index + 1) % CHUNK === 0) onProgress(index + 1, total);
  });
  refreshCumulativeTotals(tx, [...touched], Number.isFinite(fromSequence) ? fromSequence : 0);
  onProgress(total, total);
}
