/** The vocabulary of the domain, shared by the database schema, the API and the client. */

export const reportingFrequencies = ["monthly", "quarterly", "half_yearly", "whole_pilot"] as const;
export type ReportingFrequency = (typeof reportingFrequencies)[number];

export const indicatorKinds = ["quantitative", "qualitative"] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/** How a period's result is given: a count/amount, a mean score with respondents, or numerator/denominator. */
export const measures = ["count", "score", "percentage"] as const;
export type Measure = (typeof measures)[number];

export const goalDirections = ["at_least", "at_most"] as const;
export type GoalDirection = (typeof goalDirections)[number];

/**
 * Whether each period's value adds to the previous ones ("increments": hours delivered this quarter)
 * or states the whole result to date ("to_date": unique organizations reached so far).
 * Scores are always respondent-weighted means, so this applies to counts and percentages.
 */
export const cumulations = ["increments", "to_date"] as const;
export type Cumulation = (typeof cumulations)[number];

export const statuses = ["achieved", "on_track", "at_risk", "underperforming", "not_reported", "not_yet_due"] as const;
export type Status = (typeof statuses)[number];

export const frequencyLabels: Record<ReportingFrequency, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  half_yearly: "Half-yearly",
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
};

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
