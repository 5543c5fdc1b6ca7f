import { and, asc, eq, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicatorContributions, indicators, pilots, programmeIndicators, projectProgrammeTargets } from "../../db/schema";
import type { IsoDate } from "../../shared/dates";
import type { Status } from "../../shared/domain";
import type { Message } from "../../shared/i18n/message";
import { contributionValue, definitionWarnings, programmeFigure, type ContributionRule, type ProgrammeIndicatorLevel } from "../../shared/programmeIndicators";
import type { MeasurementTime, ProgrammeAggregation } from "../../shared/programmeIndicators";
import { computeIndicatorProgress, loadPilotsForProgress } from "./indicatorProgress";

/**
 * A project's programme indicators as at a date: its target for each, the contributing pilot indicators
 * with their status and what each counts, and the project's figure by the rules of
 * shared/programmeIndicators.ts. The project page shows it for today; the progress report reads it at the
 * ends of two reporting periods.
 */

export interface ContributionLine {
  pilotId: number;
  pilotTitle: string;
  pilotEndDate: IsoDate;
  indicatorId: number;
  indicatorName: string;
  indicatorUnit: string;
  rule: ContributionRule;
  status: Status;
  current: number | null;
  /** What it counts as at the date; null: not yet (not reported, or due at the pilot's end). */
  value: number | null;
  warnings: Message[];
}

export interface ProgrammeIndicatorProgress {
  id: number;
  code: string;
  name: string;
  level: ProgrammeIndicatorLevel;
  unit: string;
  definition: string;
  measurementTime: MeasurementTime;
  aggregation: ProgrammeAggregation;
  archived: boolean;
  target: number;
  targetVersion: number;
  achieved: number | null;
  stillDue: number | null;
  contributions: ContributionLine[];
}

export function loadProgrammeProgress(db: AppDatabase, projectId: number, asOf: IsoDate): ProgrammeIndicatorProgress[] {
  const adopted = db
    .select({ target: projectProgrammeTargets.target, targetVersion: projectProgrammeTargets.version, indicator: programmeIndicators })
    .from(projectProgrammeTargets)
    .innerJoin(programmeIndicators, eq(programmeIndicators.id, projectProgrammeTargets.programmeIndicatorId))
    .where(eq(projectProgrammeTargets.projectId, projectId))
    .orderBy(asc(programmeIndicators.level), asc(programmeIndicators.code))
    .all();
  if (adopted.length === 0) return [];
  const links = db
    .select({
      programmeIndicatorId: indicatorContributions.programmeIndicatorId,
      rule: indicatorContributions.rule,
      indicatorId: indicators.id,
      pilotId: pilots.id,
    })
    .from(indicatorContributions)
    .innerJoin(indicators, eq(indicators.id, indicatorContributions.indicatorId))
    .innerJoin(pilots, eq(pilots.id, indicators.pilotId))
    .where(and(eq(pilots.projectId, projectId), isNull(indicatorContributions.removedAt), isNull(indicators.archivedAt), isNull(pilots.archivedAt)))
    .all();
  const pilotList = loadPilotsForProgress(db, { projectId });
  const pilotById = new Map(pilotList.map((p) => [p.id, p]));
  const progressByIndicator = new Map([...computeIndicatorProgress(db, pilotList, asOf, false).values()].flat().map((entry) => [entry.indicator.id, entry]));
  return adopted.map(({ target, targetVersion, indicator }) => {
    const contributions = links.flatMap((link): ContributionLine[] => {
      const entry = progressByIndicator.get(link.indicatorId);
      const pilot = pilotById.get(link.pilotId);
      if (link.programmeIndicatorId !== indicator.id || !entry || !pilot) return [];
      const state = { pilotId: pilot.id, pilotEndDate: pilot.endDate, rule: link.rule, status: entry.progress.status, current: entry.progress.current };
      return [
        {
          ...state,
          pilotTitle: pilot.title,
          indicatorId: link.indicatorId,
          indicatorName: entry.indicator.name,
          indicatorUnit: entry.indicator.measure === "percentage" ? "%" : entry.indicator.unit,
          value: contributionValue(state, indicator.measurementTime, asOf),
          warnings: definitionWarnings(indicator, entry.indicator, link.rule),
        },
      ];
    });
    contributions.sort((a, b) => a.pilotTitle.localeCompare(b.pilotTitle) || a.indicatorName.localeCompare(b.indicatorName));
    const figure = programmeFigure(indicator, target, contributions, asOf);
    return {
      id: indicator.id,
      code: indicator.code,
      name: indicator.name,
      level: indicator.level,
      unit: indicator.unit,
      definition: indicator.definition,
      measurementTime: indicator.measurementTime,
      aggregation: indicator.aggregation,
      archived: indicator.archivedAt !== null,
      target,
      targetVersion,
      ...figure,
      contributions,
    };
  });
}
