import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { pilots, projects } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { invalidInput } from "../errors";

/**
 * A communication activity is part of the project's dissemination: one dated before the project began or
 * after it ended (1900, 9999) is a typing slip, and would stretch every timeline it is drawn on.
 */
export function assertCommunicationWithinProject(db: Pick<AppDatabase, "select">, pilotId: number, date: string): void {
  const project = db
    .select({ start: projects.startDate, end: projects.endDate })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(eq(pilots.id, pilotId))
    .get();
  if (!project || (date >= project.start && date <= project.end)) return;
  const text = message("validation.communicationOutsideProject", { start: project.start, end: project.end });
  throw invalidInput(text, { date: text });
}
