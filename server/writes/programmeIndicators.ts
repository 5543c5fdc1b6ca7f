import { and, eq, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicatorContributions, indicators, pilots, programmeIndicators, projectProgrammeTargets, projects } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { programmeCodeKey, starterIndicators, type ContributionRule } from "../../shared/programmeIndicators";
import type { ProgrammeIndicatorFields } from "../../shared/schemas";
import { conflict, invalidInput, notFound, userError } from "../errors";
import { recordAudit, type Actor } from "../services/audit";
import { writeTransaction } from "./results";

/*
 * The one door for programme indicators, projects' targets and pilot indicators' contributions
 * (docs/decisions/013-one-write-path.md, 028-programme-indicators.md): the signed-in person is the author,
 * an unchanged save is no write, a stale version is refused, and every change is an audit line in the
 * same transaction.
 */

function requireSignedIn(actor: Actor): void {
  if (actor.id === null) throw userError("UNAUTHORIZED", message("shell.signInToContinue"));
}

function assertCodeFree(db: AppDatabase, code: string, exceptId: number | null): void {
  const key = programmeCodeKey(code);
  const clash = db
    .select({ id: programmeIndicators.id, code: programmeIndicators.code })
    .from(programmeIndicators)
    .all()
    .find((row) => row.id !== exceptId && programmeCodeKey(row.code) === key);
  if (clash) throw invalidInput(message("programme.errors.codeTaken", { code: clash.code }), { code: message("programme.errors.codeTaken", { code: clash.code }) });
}

export function createProgrammeIndicator(db: AppDatabase, request: { actor: Actor; fields: ProgrammeIndicatorFields; at: string }): { id: number } {
  requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    assertCodeFree(db, request.fields.code, null);
    const row = db
      .insert(programmeIndicators)
      .values({ ...request.fields, createdAt: request.at, updatedAt: request.at })
      .returning({ id: programmeIndicators.id })
      .get();
    recordAudit(db, request.actor, { entityType: "programme_indicator", entityId: row.id, action: "create", after: request.fields });
    return row;
  });
}

/** Adds one indicator of the starter list (shared/programmeIndicators.ts) to the catalogue. */
export function addStarterIndicator(db: AppDatabase, request: { actor: Actor; code: string; at: string }): { id: number } {
  const starter = starterIndicators.find((s) => programmeCodeKey(s.code) === programmeCodeKey(request.code));
  if (!starter) throw notFound(message("programme.errors.notInStarterList", { code: request.code }));
  return createProgrammeIndicator(db, {
    actor: request.actor,
    fields: { code: starter.code, name: starter.name, unit: starter.unit, level: starter.level, measurementTime: starter.measurementTime, aggregation: "sum", definition: "" },
    at: request.at,
  });
}

export function updateProgrammeIndicator(
  db: AppDatabase,
  request: { actor: Actor; id: number; version: number; fields: ProgrammeIndicatorFields; at: string },
): { version: number } {
  requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    const stored = db.select().from(programmeIndicators).where(eq(programmeIndicators.id, request.id)).get();
    if (!stored) throw notFound(message("programme.errors.indicatorNotFound"));
    if (stored.version !== request.version) throw conflict(message("programme.errors.indicatorChanged"));
    const before: ProgrammeIndicatorFields = {
      code: stored.code,
      name: stored.name,
      level: stored.level,
      unit: stored.unit,
      definition: stored.definition,
      measurementTime: stored.measurementTime,
      aggregation: stored.aggregation,
    };
    if (JSON.stringify(before) === JSON.stringify({ ...before, ...request.fields })) return { version: stored.version };
    assertCodeFree(db, request.fields.code, stored.id);
    const row = db
      .update(programmeIndicators)
      .set({ ...request.fields, version: stored.version + 1, updatedAt: request.at })
      .where(eq(programmeIndicators.id, stored.id))
      .returning({ version: programmeIndicators.version })
      .get()!;
    recordAudit(db, request.actor, { entityType: "programme_indicator", entityId: stored.id, action: "change", before, after: request.fields });
    return row;
  });
}

/** Sets a project's target for a programme indicator; `version` 0 adopts the indicator for the project. */
export function setProjectTarget(
  db: AppDatabase,
  request: { actor: Actor; projectId: number; programmeIndicatorId: number; target: number; version: number; at: string },
): { id: number; version: number } {
  requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    if (!db.select({ id: projects.id }).from(projects).where(eq(projects.id, request.projectId)).get()) throw notFound(message("projects.notFound"));
    const indicator = db.select().from(programmeIndicators).where(eq(programmeIndicators.id, request.programmeIndicatorId)).get();
    if (!indicator) throw notFound(message("programme.errors.indicatorNotFound"));
    const stored = db
      .select()
      .from(projectProgrammeTargets)
      .where(and(eq(projectProgrammeTargets.projectId, request.projectId), eq(projectProgrammeTargets.programmeIndicatorId, indicator.id)))
      .get();
    if ((stored?.version ?? 0) !== request.version) throw conflict(message("programme.errors.targetChanged"));
    if (stored && stored.target === request.target) return { id: stored.id, version: stored.version };
    if (!stored && indicator.archivedAt) throw userError("PRECONDITION_FAILED", message("programme.errors.indicatorArchived"));
    const row = stored
      ? db
          .update(projectProgrammeTargets)
          .set({ target: request.target, version: stored.version + 1, updatedAt: request.at })
          .where(eq(projectProgrammeTargets.id, stored.id))
          .returning({ id: projectProgrammeTargets.id, version: projectProgrammeTargets.version })
          .get()!
      : db
          .insert(projectProgrammeTargets)
          .values({ projectId: request.projectId, programmeIndicatorId: indicator.id, target: request.target, createdAt: request.at, updatedAt: request.at })
          .returning({ id: projectProgrammeTargets.id, version: projectProgrammeTargets.version })
          .get();
    recordAudit(db, request.actor, {
      entityType: "programme_target",
      entityId: row.id,
      action: stored ? "change" : "create",
      before: stored ? { target: stored.target } : undefined,
      after: { projectId: request.projectId, programmeIndicator: indicator.code, target: request.target },
    });
    return row;
  });
}

/**
 * Links a pilot indicator to a programme indicator its project has a target for, or changes the link's
 * rule. The same link twice is no write.
 */
export function linkContribution(
  db: AppDatabase,
  request: { actor: Actor; indicatorId: number; programmeIndicatorId: number; rule: ContributionRule; at: string },
): { id: number } {
  requireSignedIn(request.actor);
  return writeTransaction(db, () => {
    const indicator = db
      .select({ id: indicators.id, pilotId: indicators.pilotId, archivedAt: indicators.archivedAt, projectId: pilots.projectId })
      .from(indicators)
      .innerJoin(pilots, eq(pilots.id, indicators.pilotId))
      .where(eq(indicators.id, request.indicatorId))
      .get();
    if (!indicator) throw notFound(message("shell.notFound.indicator"));
    if (indicator.archivedAt) throw userError("PRECONDITION_FAILED", message("evidence.errors.indicatorArchived"));
    const programme = db.select().from(programmeIndicators).where(eq(programmeIndicators.id, request.programmeIndicatorId)).get();
    if (!programme) throw notFound(message("programme.errors.indicatorNotFound"));
    const adopted = db
      .select({ id: projectProgrammeTargets.id })
      .from(projectProgrammeTargets)
      .where(and(eq(projectProgrammeTargets.projectId, indicator.projectId), eq(projectProgrammeTargets.programmeIndicatorId, programme.id)))
      .get();
    if (!adopted)
      throw invalidInput(message("programme.errors.notAdopted", { code: programme.code }), {
        programmeIndicatorId: message("programme.errors.notAdopted", { code: programme.code }),
      });
    const stored = db
      .select()
      .from(indicatorContributions)
      .where(and(eq(indicatorContributions.indicatorId, indicator.id), eq(indicatorContributions.programmeIndicatorId, programme.id)))
      .get();
    if (stored && stored.removedAt === null && stored.rule === request.rule) return { id: stored.id };
    const row = stored
      ? db
          .update(indicatorContributions)
          .set({ rule: request.rule, removedAt: null, version: sql`${indicatorContributions.version} + 1`, updatedAt: request.at })
          .where(eq(indicatorContributions.id, stored.id))
          .returning({ id: indicatorContributions.id })
          .get()!
      : db
          .insert(indicatorContributions)
          .values({ indicatorId: indicator.id, programmeIndicatorId: programme.id, rule: request.rule, createdAt: request.at, updatedAt: request.at })
          .returning({ id: indicatorContributions.id })
          .get();
    recordAudit(db, request.actor, {
      entityType: "indicator_contribution",
      entityId: row.id,
      action: stored && stored.removedAt === null ? "change" : "create",
      before: stored && stored.removedAt === null ? { rule: stored.rule } : undefined,
      after: { programmeIndicator: programme.code, rule: request.rule },
      pilotId: indicator.pilotId,
      indicatorId: indicator.id,
    });
    return row;
  });
}

export function unlinkContribution(db: AppDatabase, request: { actor: Actor; indicatorId: number; programmeIndicatorId: number; at: string }): void {
  requireSignedIn(request.actor);
  writeTransaction(db, () => {
    const stored = db
      .select({
        id: indicatorContributions.id,
        rule: indicatorContributions.rule,
        removedAt: indicatorContributions.removedAt,
        pilotId: indicators.pilotId,
        code: programmeIndicators.code,
      })
      .from(indicatorContributions)
      .innerJoin(indicators, eq(indicators.id, indicatorContributions.indicatorId))
      .innerJoin(programmeIndicators, eq(programmeIndicators.id, indicatorContributions.programmeIndicatorId))
      .where(and(eq(indicatorContributions.indicatorId, request.indicatorId), eq(indicatorContributions.programmeIndicatorId, request.programmeIndicatorId)))
      .get();
    if (!stored || stored.removedAt !== null) throw notFound(message("programme.errors.contributionNotFound"));
    db.update(indicatorContributions)
      .set({ removedAt: request.at, version: sql`${indicatorContributions.version} + 1`, updatedAt: request.at })
      .where(eq(indicatorContributions.id, stored.id))
      .run();
    recordAudit(db, request.actor, {
      entityType: "indicator_contribution",
      entityId: stored.id,
      action: "remove",
      before: { programmeIndicator: stored.code, rule: stored.rule },
      pilotId: stored.pilotId,
      indicatorId: request.indicatorId,
    });
  });
}
