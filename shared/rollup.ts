import { groupBy } from "./collections";
import type { Cumulation, EntryForm, GoalDirection, Measure } from "./domain";
import { message, type Message } from "./i18n/message";
import { percentOfGoalOf, type ResultTotals } from "./progress";

/**
 * Totals across pilots of the indicators that share a code: counts are summed, scores are averaged
 * weighted by respondents, percentages pool numerators and denominators. The rule and its reasons are in
 * docs/decisions/008-project-roll-up.md.
 */

/** One pilot's indicator, with what its current result was computed from. */
export interface RollupMember {
  pilotTitle: string;
  code: string | null;
  name: string;
  measure: Measure;
  cumulation: Cumulation;
  unit: string;
  goal: number;
  goalDirection: GoalDirection;
  scaleMin: number | null;
  scaleMax: number | null;
  /** A percentage entered directly keeps its optional base in the respondents' totals (docs/decisions/017). */
  entryForm?: EntryForm;
  /** The current result by the status rule (shared/progress.ts); null when nothing is reported. */
  current: number | null;
  totals: ResultTotals;
  /** Numerator and denominator of the latest reported period: a "to date" percentage's current result. */
  latestFraction: { numerator: number | null; denominator: number | null } | null;
  /** The contracted goal when `goal` is a revision of it (docs/decisions/022); absent or null otherwise. */
  originalGoal?: number | null;
}

export type RollupAggregation = "sum" | "respondent_weighted_mean" | "pooled_percentage" | "unweighted_mean" | "not_comparable";

export interface CodeTotal {
  code: string;
  /** The indicators' names as the pilots wrote them, without repeats. */
  names: string[];
  measure: Measure;
  unit: string;
  pilotCount: number;
  reportedCount: number;
  aggregation: RollupAggregation;
  /** Counts: the sum of the goals; scores and percentages: the goal when every pilot has the same one. */
  goal: number | null;
  /**
   * The same, from the pilots' contracted goals, when at least one pilot's goal was revised (null otherwise,
   * or when the contracted goals have no common value). The result is judged against `goal`, the current one.
   */
  originalGoal: number | null;
  result: number | null;
  fractionOfGoal: number | null;
  /** Scores: the respondents the mean is weighted by. */
  respondents: number | null;
  /** Percentages: the pooled numerator and denominator. */
  numerator: number | null;
  denominator: number | null;
  /** Why a figure is missing or how it was computed when that is not the usual rule, to translate where shown. */
  notes: Message[];
}

/** Codes compare without case or surrounding spaces: "tut-h " and "TUT-H" are the same indicator. */
export function codeKey(code: string | null): string | null {
  const key = code?.trim().toUpperCase() ?? "";
  return key === "" ? null : key;
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

const listed = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

function sameGoal(members: readonly RollupMember[], notes: Message[]): number | null {
  const goals = distinct(members.map((m) => m.goal));
  if (goals.length === 1) return goals[0]!;
  notes.push(message("rollup.note.goalsDiffer", { lowest: Math.min(...goals), highest: Math.max(...goals) }));
  return null;
}

/** Why members cannot be put together, or null when they can. */
function incomparability(members: readonly RollupMember[]): Message | null {
  const measures = distinct(members.map((m) => m.measure));
  if (measures.length > 1) return message("rollup.note.measuresDiffer");
  const directions = distinct(members.map((m) => m.goalDirection));
  if (directions.length > 1) return message("rollup.note.directionsDiffer");
  const measure = measures[0]!;
  if (measure === "count") {
    const units = distinct(members.map((m) => m.unit.trim().toLowerCase()));
    // Units are the pilots' own words, quoted as they wrote them.
    if (units.length > 1) return message("rollup.note.unitsDiffer", { units: listed(distinct(members.map((m) => m.unit.trim()))) });
    // A level (visitors per month) and a total (visitors so far) describe different things.
    if (distinct(members.map((m) => m.cumulation === "level")).length > 1) return message("rollup.note.levelsAndTotalsDiffer");
  }
  if (measure === "score") {
    const scales = distinct(members.map((m) => `${m.scaleMin}–${m.scaleMax}`));
    if (scales.length > 1) return message("rollup.note.scalesDiffer");
  }
  return null;
}

function numeratorAndDenominator(member: RollupMember): { numerator: number; denominator: number } | null {
  if (member.entryForm === "direct_percentage") {
    // Pooled by their bases when every period gave one (the base is kept in the respondents), else not at all.
    const t = member.totals;
    return member.cumulation === "increments" && t.reportedCount > 0 && t.periodsWithRespondents === t.reportedCount && t.respondentSum > 0
      ? { numerator: t.weightedValueSum / 100, denominator: t.respondentSum }
      : null;
  }
  if (member.cumulation === "increments") {
    return member.totals.denominatorSum > 0 ? { numerator: member.totals.numeratorSum, denominator: member.totals.denominatorSum } : null;
  }
  const latest = member.latestFraction;
  return latest && latest.numerator !== null && latest.denominator !== null && latest.denominator > 0 ? { numerator: latest.numerator, denominator: latest.denominator } : null;
}

function totalOf(code: string, members: readonly RollupMember[]): CodeTotal {
  const reported = members.filter((m) => m.current !== null);
  const notes: Message[] = [];
  const base = {
    code,
    names: distinct(members.map((m) => m.name)),
    measure: members[0]!.measure,
    unit: members[0]!.unit,
    pilotCount: members.length,
    reportedCount: reported.length,
    respondents: null,
    numerator: null,
    denominator: null,
  };
  const problem = incomparability(members);
  if (problem) {
    return { ...base, aggregation: "not_comparable", goal: null, originalGoal: null, result: null, fractionOfGoal: null, notes: [problem] };
  }
  const revised = members.filter((m) => m.originalGoal !== undefined && m.originalGoal !== null);
  const contracted = (m: RollupMember) => m.originalGoal ?? m.goal;
  const originals = distinct(members.map(contracted));
  const originalGoal = revised.length === 0 ? null : base.measure === "count" ? members.reduce((sum, m) => sum + contracted(m), 0) : originals.length === 1 ? originals[0]! : null;
  if (revised.length > 0) notes.push(message("rollup.note.goalsRevised", { pilots: revised.map((m) => m.pilotTitle).join(", ") }));
  if (reported.length < members.length) {
    const missing = members.filter((m) => m.current === null).map((m) => m.pilotTitle);
    notes.push(message("rollup.note.notReportedBy", { pilots: missing.join(", "), reported: reported.length, total: members.length }));
  }
  const finish = (fields: Pick<CodeTotal, "aggregation" | "goal" | "result"> & Partial<CodeTotal>): CodeTotal => {
    // Percent of goal and status are judged against the current goals; the contracted ones are shown beside them.
    const percent = fields.goal === null || fields.result === null ? null : percentOfGoalOf(fields.result, fields.goal);
    return { ...base, originalGoal, ...fields, fractionOfGoal: percent === null ? null : percent / 100, notes };
  };

  switch (base.measure) {
    case "count": {
      const result = reported.length ? reported.reduce((sum, m) => sum + m.current!, 0) : null;
      if (members.some((m) => m.cumulation === "to_date")) notes.push(message("rollup.note.totalsToDateAdded"));
      // Levels: the sum of the pilots' current levels (each the latest or the mean its indicator says), say so.
      if (members.every((m) => m.cumulation === "level")) notes.push(message("rollup.note.levelsSummed"));
      return finish({ aggregation: "sum", goal: members.reduce((sum, m) => sum + m.goal, 0), result });
    }
    case "score": {
      const goal = sameGoal(members, notes);
      if (reported.length === 0) return finish({ aggregation: "respondent_weighted_mean", goal, result: null });
      const weighted = reported.every((m) => m.totals.periodsWithRespondents === m.totals.reportedCount && m.totals.respondentSum > 0);
      if (weighted) {
        const respondents = reported.reduce((sum, m) => sum + m.totals.respondentSum, 0);
        const weightedSum = reported.reduce((sum, m) => sum + m.totals.weightedValueSum, 0);
        return finish({ aggregation: "respondent_weighted_mean", goal, result: weightedSum / respondents, respondents });
      }
      const unstated = reported.filter((m) => m.totals.periodsWithRespondents !== m.totals.reportedCount || m.totals.respondentSum <= 0);
      notes.push(message("rollup.note.respondentsMissing", { pilots: unstated.map((m) => m.pilotTitle).join(", ") }));
      return finish({ aggregation: "unweighted_mean", goal, result: reported.reduce((sum, m) => sum + m.current!, 0) / reported.length });
    }
    case "percentage": {
      const goal = sameGoal(members, notes);
      if (reported.length === 0) return finish({ aggregation: "pooled_percentage", goal, result: null });
      const fractions = reported.map(numeratorAndDenominator);
      if (fractions.every((f) => f !== null)) {
        const numerator = fractions.reduce((sum, f) => sum + f!.numerator, 0);
        const denominator = fractions.reduce((sum, f) => sum + f!.denominator, 0);
        return finish({ aggregation: "pooled_percentage", goal, result: (100 * numerator) / denominator, numerator, denominator });
      }
      const unstated = reported.filter((_, index) => fractions[index] === null);
      notes.push(message("rollup.note.fractionsMissing", { pilots: unstated.map((m) => m.pilotTitle).join(", ") }));
      return finish({ aggregation: "unweighted_mean", goal, result: reported.reduce((sum, m) => sum + m.current!, 0) / reported.length });
    }
  }
}

/** One total per code that at least two indicators share, in code order. */
export function rollUpByCode(members: readonly RollupMember[]): CodeTotal[] {
  const withCode = members.filter((m) => codeKey(m.code) !== null);
  const groups = groupBy(withCode, (m) => codeKey(m.code)!);
  return [...groups.entries()]
    .filter(([, group]) => group.length > 1)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, group]) => totalOf(code, group));
}
