import type { IsoDate } from "./dates";
import type { Cumulation, GoalDirection, Measure, Status } from "./domain";
import { message, type Message } from "./i18n/message";
import { generateReportingPeriods, type GeneratedPeriod } from "./periods";

/*
 * Programme indicators and what pilot indicators contribute to them (docs/decisions/028-programme-indicators.md).
 * Pure: the server gathers each pilot indicator's status and current result as at a date, these rules
 * turn them into the programme's figures, so that the project page, the progress report and its test
 * cannot disagree.
 */

export const programmeIndicatorLevels = ["output", "result", "impact"] as const;
export type ProgrammeIndicatorLevel = (typeof programmeIndicatorLevels)[number];

/** When an achievement counts: as it accrues, or only once the pilot that delivers it has ended. */
export const measurementTimes = ["during", "upon_finalisation"] as const;
export type MeasurementTime = (typeof measurementTimes)[number];

/** How the contributions of several pilot indicators make the project's figure. */
export const programmeAggregations = ["sum", "count_distinct", "mean"] as const;
export type ProgrammeAggregation = (typeof programmeAggregations)[number];

/** How one pilot indicator's results become the programme indicator's unit. */
export const contributionRules = ["value", "one_when_achieved"] as const;
export type ContributionRule = (typeof contributionRules)[number];

export interface StarterIndicator {
  code: string;
  name: string;
  unit: string;
  level: ProgrammeIndicatorLevel;
  measurementTime: MeasurementTime;
}

/**
 * Interreg 2021–2027 common indicators that pilot actions feed, as Jems lists them (names and units) and
 * the Interreg CENTRAL EUROPE programme manual, annex 2, defines them; sources in decision 028. Names stay
 * in English, as Jems shows them. Definitions are left for the administrator to paste from their own
 * programme's manual; the time of measurement is the manual's where it states one (RCO 83), otherwise the
 * default "during the project" for the administrator to check.
 */
export const starterIndicators: readonly StarterIndicator[] = [
  { code: "RCO 84", name: "Pilot actions developed jointly and implemented in projects", unit: "pilot actions", level: "output", measurementTime: "during" },
  { code: "RCO 83", name: "Strategies and action plans jointly developed", unit: "strategy/action plan", level: "output", measurementTime: "upon_finalisation" },
  { code: "RCO 87", name: "Organisations cooperating across borders", unit: "organisations", level: "output", measurementTime: "during" },
  { code: "RCO 116", name: "Jointly developed solutions", unit: "solutions", level: "output", measurementTime: "during" },
  { code: "RCR 79", name: "Joint strategies and action plans taken up by organisations", unit: "joint strategy/action plan", level: "result", measurementTime: "during" },
  { code: "RCR 84", name: "Organisations cooperating across borders after project completion", unit: "organisations", level: "result", measurementTime: "during" },
];

/** Codes are the same ignoring case and spaces: "RCO84", "rco 84" and "RCO 84" name one indicator. */
export const programmeCodeKey = (code: string) => code.replace(/\s+/g, "").toUpperCase();

/** Units are compared ignoring case, spaces and a plural "s": "pilot action" and "Pilot actions" agree. */
const unitKey = (unit: string) => unit.trim().toLowerCase().replace(/\s+/g, " ").replace(/s$/u, "");

/** A project's reporting periods: six months each from the project's start, as Jems reports them. */
export function projectReportingPeriods(project: { startDate: IsoDate; endDate: IsoDate }): GeneratedPeriod[] {
  return generateReportingPeriods(project.startDate, project.endDate, "half_yearly");
}

export interface PilotIndicatorDefinition {
  measure: Measure;
  cumulation: Cumulation;
  goalDirection: GoalDirection;
  unit: string;
}

/** Why a pilot indicator's figures may not mean what the programme indicator counts (shown next to the link). */
export function definitionWarnings(programme: { unit: string; aggregation: ProgrammeAggregation }, pilot: PilotIndicatorDefinition, rule: ContributionRule): Message[] {
  const warnings: Message[] = [];
  const pilotUnit = pilot.measure === "percentage" ? "%" : pilot.unit;
  if (rule === "value" && unitKey(pilotUnit) !== unitKey(programme.unit))
    warnings.push(message("programme.warnings.unit", { pilotUnit: pilotUnit || "–", programmeUnit: programme.unit }));
  if (pilot.goalDirection === "at_most") warnings.push(message("programme.warnings.direction"));
  // Programme counts grow: a level, a score or a percentage is not a running count to add up.
  if (rule === "value" && programme.aggregation !== "mean" && (pilot.measure !== "count" || pilot.cumulation === "level")) warnings.push(message("programme.warnings.cumulation"));
  return warnings;
}

export interface ContributionState {
  pilotId: number;
  pilotEndDate: IsoDate;
  rule: ContributionRule;
  /** The pilot indicator's status and current result by the status rule, as at the date. */
  status: Status;
  current: number | null;
}

/**
 * What one pilot indicator contributes as at `asOf`: its current result, or 1 once it is achieved (0
 * before). Null when nothing counts yet: not reported, or measured upon finalisation of a pilot that has
 * not ended ("due at the end").
 */
export function contributionValue(state: ContributionState, measurementTime: MeasurementTime, asOf: IsoDate): number | null {
  if (measurementTime === "upon_finalisation" && state.pilotEndDate > asOf) return null;
  if (state.rule === "one_when_achieved") return state.status === "achieved" ? 1 : 0;
  return state.current;
}

/**
 * The project's figure from its contributions' values: the sum; the number of distinct pilots that
 * contribute something (two indicators of one pilot action count it once); or the mean of the values
 * reported. A sum or count with nothing counted yet is 0; a mean of nothing is null.
 */
export function aggregateContributions(aggregation: ProgrammeAggregation, values: readonly { pilotId: number; value: number | null }[]): number | null {
  const counted = values.filter((v): v is { pilotId: number; value: number } => v.value !== null);
  switch (aggregation) {
    case "sum":
      return counted.reduce((total, v) => total + v.value, 0);
    case "count_distinct":
      return new Set(counted.filter((v) => v.value > 0).map((v) => v.pilotId)).size;
    case "mean":
      return counted.length === 0 ? null : counted.reduce((total, v) => total + v.value, 0) / counted.length;
  }
}

export interface ProgrammeFigure {
  achieved: number | null;
  /** What is still to come to reach the target; null for a mean, which does not add up to a target. */
  stillDue: number | null;
}

export function programmeFigure(
  indicator: { aggregation: ProgrammeAggregation; measurementTime: MeasurementTime },
  target: number,
  contributions: readonly ContributionState[],
  asOf: IsoDate,
): ProgrammeFigure {
  const achieved = aggregateContributions(
    indicator.aggregation,
    contributions.map((c) => ({ pilotId: c.pilotId, value: contributionValue(c, indicator.measurementTime, asOf) })),
  );
  return { achieved, stillDue: indicator.aggregation === "mean" || achieved === null ? null : Math.max(0, target - achieved) };
}

export interface ReportFigures {
  target: number;
  previouslyReported: number | null;
  thisReport: number | null;
  cumulative: number | null;
}

/**
 * A progress report's figures: cumulative as at the period's end, previously reported as at the end of the
 * period before (0 for the first), this report the difference. A mean has no "this report".
 */
export function reportFigures(aggregation: ProgrammeAggregation, target: number, previous: number | null, cumulative: number | null): ReportFigures {
  const thisReport = aggregation === "mean" || cumulative === null ? null : cumulative - (previous ?? 0);
  return { target, previouslyReported: previous, thisReport, cumulative };
}
