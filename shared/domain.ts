/** The vocabulary of the domain, shared by the database schema, the API and the client. */

export const reportingFrequencies = ["monthly", "quarterly", "half_yearly", "yearly", "whole_pilot"] as const;
export type ReportingFrequency = (typeof reportingFrequencies)[number];

export const indicatorKinds = ["quantitative", "qualitative"] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/** How a period's result is given: a count/amount, a mean score with respondents, or numerator/denominator. */
export const measures = ["count", "score", "percentage"] as const;
export type Measure = (typeof measures)[number];

export const goalDirections = ["at_least", "at_most"] as const;
export type GoalDirection = (typeof goalDirections)[number];

/**
 * Whether each period's value adds to the previous ones ("increments": hours delivered this quarter),
 * states the whole result to date ("to_date": unique organizations reached so far), or stands on its own
 * ("level": visitors per month, average waiting time in days; counts only), compared with the goal directly.
 * Scores are always means, so this applies to counts and percentages.
 */
export const cumulations = ["increments", "to_date", "level"] as const;
export type Cumulation = (typeof cumulations)[number];

/** A level's current result: the latest period's value or the mean of the periods' values. */
export const levelAggregations = ["latest", "mean"] as const;
export type LevelAggregation = (typeof levelAggregations)[number];

/**
 * How a period's value is entered, beyond its measure: "standard" (a count; a mean score with its
 * respondents; a numerator of a denominator), "direct_percentage" (a percentage typed as a share, with an
 * optional base) or "index" (a single score on the scale, without respondents: MIPEX-R on 0–100).
 */
export const entryForms = ["standard", "direct_percentage", "index"] as const;
export type EntryForm = (typeof entryForms)[number];

/**
 * How the goal is expected to be reached over time (docs/decisions/001): evenly ("linear", pro-rated for
 * counts as always), in steps set by milestones, or only at the end ("at_end": due at the final period).
 */
export const deliveryProfiles = ["linear", "milestones", "at_end"] as const;
export type DeliveryProfile = (typeof deliveryProfiles)[number];

/** Between two milestones the expected value moves along a straight line, or holds the last milestone reached. */
export const milestoneShapes = ["interpolated", "stepped"] as const;
export type MilestoneShape = (typeof milestoneShapes)[number];

export const statuses = ["achieved", "on_track", "at_risk", "underperforming", "not_reported", "not_yet_due", "due_at_end"] as const;
export type Status = (typeof statuses)[number];

export const frequencyLabels: Record<ReportingFrequency, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  half_yearly: "Half-yearly",
  yearly: "Yearly",
  whole_pilot: "One period for the whole pilot",
};

export const measureLabels: Record<Measure, string> = {
  count: "Count or amount",
  score: "Average score on a scale",
  percentage: "Percentage (numerator of denominator)",
};

export const goalDirectionLabels: Record<GoalDirection, string> = {
  at_least: "At least",
  at_most: "At most",
};

export const cumulationLabels: Record<Cumulation, string> = {
  increments: "Each period adds to the total",
  to_date: "Each period states the total to date",
  level: "Each period's value stands on its own (a level or rate)",
};

export const levelAggregationLabels: Record<LevelAggregation, string> = {
  latest: "The latest period's value",
  mean: "The mean of the periods",
};

export const entryFormLabels: Record<EntryForm, string> = {
  standard: "Standard",
  direct_percentage: "Percentage entered directly",
  index: "Single value on the scale (index)",
};

export const deliveryProfileLabels: Record<DeliveryProfile, string> = {
  linear: "Evenly over the pilot",
  milestones: "Milestones",
  at_end: "Counted at the end",
};

export const milestoneShapeLabels: Record<MilestoneShape, string> = {
  interpolated: "Interpolated",
  stepped: "Stepped",
};

/**
 * Why a goal, baseline or milestone of an indicator with results changed (docs/decisions/022). A
 * correction of an error is recorded but is not a revision: the corrected value is the original target.
 */
export const revisionReasonCodes = [
  "programme_modification",
  "budget_change",
  "external_factors",
  "implementation_delay",
  "funder_requirement",
  "error_correction",
  "other",
] as const;
export type RevisionReasonCode = (typeof revisionReasonCodes)[number];

/** The fields whose change, once results exist, is a revision that needs a reason. */
export const revisedFields = ["goal", "baseline", "milestones"] as const;
export type RevisedField = (typeof revisedFields)[number];

/** Kinds of organisation in a pilot's stakeholder register. */
export const stakeholderTypes = ["public_body", "ngo", "employer", "school", "migrant_association", "other"] as const;
export type StakeholderType = (typeof stakeholderTypes)[number];

export const DEFAULT_TOLERANCE_PERCENT = 15;

/** The narrative sections of the pilot final report (Arrival Regions D.T2.5.2), in order; their titles are in the catalogues, `reportSections.<key>`. */
export const reportSectionKeys = ["1", "2", "3a", "3b", "3c", "3d", "4"] as const;
export type ReportSectionKey = (typeof reportSectionKeys)[number];

/** Where a communication activity appeared (section 4e: Newspaper/Journal, Radio, TV); the names are `labels.outletType.<type>`. */
export const outletTypes = ["newspaper", "radio", "tv", "web", "other"] as const;
export type OutletType = (typeof outletTypes)[number];

/**
 * Who may do what (docs/decisions/009-accounts-and-permissions.md). An administrator's membership is
 * global; the others are held per project (manager, evaluator) or per pilot (coordinator, or any role).
 */
export const roles = ["administrator", "project_manager", "pilot_coordinator", "evaluator"] as const;
export type Role = (typeof roles)[number];

/** The review state of one pilot's period report (docs/decisions/010-review-workflow.md). */
export const reviewStates = ["draft", "submitted", "returned", "approved"] as const;
export type ReviewState = (typeof reviewStates)[number];
