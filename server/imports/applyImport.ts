import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicators, pilots, projects, reportingPeriods } from "../../db/schema";
import type { ActionCounts, ImportOutcome, SheetKind } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { TRPCError } from "@trpc/server";
import { FieldErrors, UserMessage } from "../errors";
import { writeResults as writeResultsThroughTheDoor } from "../writes/results";
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
      writeProjects(tx, plan, actor, touched);
      writePilots(tx, plan, actor, touched);
      writeIndicators(tx, plan, actor, touched);
      writeResults(db, plan, actor, touched, onProgress);
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
    const stored = new Map(
      tx
        .select()
        .from(reportingPeriods)
        .where(eq(reportingPeriods.pilotId, pilot.id))
        .all()
        .map((p) => [p.sequence, p.id]),
    );
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
      indicator.id = tx
        .insert(indicators)
        .values({ ...indicator.fields, pilotId })
        .returning({ id: indicators.id })
        .get().id;
      recordAudit(tx, actor, {
        entityType: "indicator",
        entityId: indicator.id,
        action: "create",
        after: { ...indicator.fields, pilotId, source: "import" },
        pilotId,
        indicatorId: indicator.id,
      });
    } else {
      const outcome = tx
        .update(indicators)
        .set({ ...indicator.fields, version: sql`${indicators.version} + 1`, updatedAt: nowTimestamp() })
        .where(and(eq(indicators.id, indicator.id!), eq(indicators.version, indicator.version)))
        .run();
      if (outcome.changes !== 1) throw new ImportConflict(message("importFile.errors.indicatorChanged", { name: indicator.fields.name }));
      const { before, after } = changedDefinition(indicator.storedFields!, indicator.fields);
      recordAudit(tx, actor, {
        entityType: "indicator",
        entityId: indicator.id!,
        action: "change",
        before,
        after: { ...after, source: "import" },
        pilotId,
        indicatorId: indicator.id!,
      });
    }
    touched.pilotIds.add(pilotId);
    touched.projectIds.add(indicator.pilot.project.id!);
  }
}

/**
 * The results of the plan, through the one write path (server/writes/results.ts): the same author, locks,
 * register, explanation and audit rules as the period form. A refusal there (a period submitted since the
 * preview, a colleague's change) fails the whole import as a conflict.
 */
function writeResults(db: AppDatabase, plan: ImportPlan, actor: Actor, touched: Touched, onProgress: (done: number, total: number) => void): void {
  if (plan.resultWrites.length === 0) return;
  try {
    writeResultsThroughTheDoor(db, {
      actor,
      route: "import",
      today: plan.today,
      at: nowTimestamp(),
      language: DEFAULT_LANGUAGE,
      changes: plan.resultWrites.map((write) => ({
        indicatorId: write.indicator.id!,
        periodId: write.period.id!,
        values: write.values,
        comment: write.comment,
        expectedVersion: write.existing?.version ?? null,
      })),
      onProgress,
    });
  } catch (error) {
    throw asImportConflict(error);
  }
  for (const write of plan.resultWrites) {
    touched.pilotIds.add(write.indicator.pilot.id!);
    touched.projectIds.add(write.indicator.pilot.project.id!);
  }
}

/** A refusal of the write path, said as the import's own conflict (its first field error when it has some). */
function asImportConflict(error: unknown): unknown {
  if (!(error instanceof TRPCError) || !(error.cause instanceof UserMessage)) return error;
  const first = error.cause instanceof FieldErrors ? Object.values(error.cause.fieldErrors)[0] : undefined;
  return new ImportConflict(first ?? error.cause.userMessage);
}
