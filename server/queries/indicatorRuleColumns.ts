import type { DeliveryProfile, EntryForm, LevelAggregation, MilestoneShape } from "../../shared/domain";
import type { Milestone } from "../../shared/progress";

/*
 * The indicator columns the status rule reads beyond measure, cumulation, baseline and goal
 * (docs/decisions/001), for the queries written in raw SQL: one column list and one mapping, so that
 * no query forgets a field and silently reads an indicator as linear.
 */

/** Select list for an `indicators` table aliased `alias`, with camel-case names. */
export function ruleColumns(alias: string): string {
  const a = alias === "" ? "" : `${alias}.`;
  return `${a}level_aggregation AS levelAggregation, ${a}entry_form AS entryForm, ${a}whole_numbers AS wholeNumbers, ${a}delivery AS delivery,
          ${a}milestone_shape AS milestoneShape, ${a}milestones AS milestones`;
}

export interface RawRuleColumns {
  levelAggregation: LevelAggregation;
  entryForm: EntryForm;
  wholeNumbers: number;
  delivery: DeliveryProfile;
  milestoneShape: MilestoneShape;
  milestones: string;
}

export interface RuleColumns {
  levelAggregation: LevelAggregation;
  entryForm: EntryForm;
  wholeNumbers: boolean;
  delivery: DeliveryProfile;
  milestoneShape: MilestoneShape;
  milestones: Milestone[];
}

/** The stored milestones were checked by shared/schemas.ts on their way in; anything else reads as none. */
function parseMilestones(text: string): Milestone[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as Milestone[]) : [];
  } catch {
    return [];
  }
}

export function ruleFieldsOf(row: RawRuleColumns): RuleColumns {
  return {
    levelAggregation: row.levelAggregation,
    entryForm: row.entryForm,
    wholeNumbers: row.wholeNumbers === 1,
    delivery: row.delivery,
    milestoneShape: row.milestoneShape,
    milestones: parseMilestones(row.milestones),
  };
}
