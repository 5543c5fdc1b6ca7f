import type { ImportWrite } from "../../access";
import type { ImportPlan, PilotPlan } from "./types";

/**
 * Where a plan would write, sheet by sheet, with the rows that do it: what server/access.ts
 * (importRefusals) checks against the uploader's roles. Unchanged rows write nothing and need no right.
 */
export function importWrites(plan: ImportPlan): ImportWrite[] {
  const writes = new Map<string, ImportWrite>();
  const add = (sheet: ImportWrite["sheet"], target: ImportWrite["target"], place: string, rows: readonly number[]) => {
    const key = `${sheet}\u0000${target?.projectId ?? "new"}\u0000${target?.pilotId ?? ""}\u0000${place}`;
    const write = writes.get(key);
    if (write) write.rows.push(...rows);
    else writes.set(key, { sheet, target, place, rows: [...rows] });
  };
  /** A stored pilot, or the project of a pilot the file creates (null if the file creates that too). */
  const pilotTarget = (pilot: PilotPlan) =>
    pilot.project.id === null ? null : pilot.id === null ? { projectId: pilot.project.id } : { projectId: pilot.project.id, pilotId: pilot.id };
  for (const project of plan.projectsToCreate) add("projects", null, project.name, project.rows);
  for (const pilot of plan.pilotsToCreate) add("pilots", pilot.project.id === null ? null : { projectId: pilot.project.id }, pilot.project.name, pilot.rows);
  for (const indicator of plan.indicatorWrites) add("indicators", pilotTarget(indicator.pilot), indicator.pilot.title, indicator.rows);
  for (const result of plan.resultWrites) add("results", pilotTarget(result.indicator.pilot), result.indicator.pilot.title, [result.row]);
  return [...writes.values()];
}
