import { z } from "zod";
import { cumulations, goalDirections, indicatorKinds, measures, reportingFrequencies, reviewStates, statuses } from "../../../shared/domain";
import { resultEntry } from "../../../shared/schemas";

/*
 * The shapes of /api/v1: what a request may send and what it gets back. Field names and codes are part of
 * the contract (docs/decisions/016-api-tokens.md): English, camelCase, statuses as their codes, never a
 * translated label. The request bodies are the app's own input schemas (shared/schemas.ts), so the API
 * checks exactly what the form checks. `.meta({ id })` names each as a component of the OpenAPI document.
 */

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const timestamp = z.string().describe("ISO 8601 timestamp, UTC");

/** Path ids: digits only, turned into a number. */
export const pathId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);

const wholeNumberText = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const booleanText = z.enum(["true", "false"]).transform((value) => value === "true");

export const MAX_PAGE_SIZE = 500;
export const pageQuery = {
  limit: wholeNumberText(1, MAX_PAGE_SIZE).optional().describe(`Items per page, 1 to ${MAX_PAGE_SIZE} (default 100).`),
  offset: wholeNumberText(0, 1_000_000).optional().describe("Items to skip (default 0)."),
};

const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int().describe("Items matching the filters, on all pages."),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .meta({ id: name });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe("UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, CONFLICT, PRECONDITION_FAILED, TOO_MANY_REQUESTS or INTERNAL_SERVER_ERROR"),
      message: z.string().describe("In the language of Accept-Language."),
      fieldErrors: z.record(z.string(), z.string()).optional().describe("Per field, e.g. `entries.0.comment`."),
    }),
  })
  .meta({ id: "Error" });

export const project = z
  .object({
    id,
    name: z.string(),
    programme: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    tolerancePercent: z.number(),
    isFictional: z.boolean(),
    archived: z.boolean(),
    pilotCount: z.number().int().optional(),
  })
  .meta({ id: "Project" });

export const pilot = z
  .object({
    id,
    projectId: id,
    title: z.string(),
    partnerOrganisation: z.string(),
    location: z.string(),
    country: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    reportingFrequency: z.enum(reportingFrequencies),
    isFictional: z.boolean(),
    archived: z.boolean(),
  })
  .meta({ id: "Pilot" });

export const indicator = z
  .object({
    id,
    pilotId: id,
    code: z.string().nullable().describe("The indicator's short code, if it has one (imports match on it)."),
    name: z.string(),
    kind: z.enum(indicatorKinds),
    measure: z.enum(measures),
    cumulation: z.enum(cumulations),
    unit: z.string(),
    baseline: z.number(),
    goal: z.number(),
    goalDirection: z.enum(goalDirections),
    goalText: z.string().describe("The goal in words (qualitative indicators)."),
    scaleMin: z.number().nullable(),
    scaleMax: z.number().nullable(),
    fromStakeholderRegister: z.boolean().describe("Computed from the stakeholder register: not writable through the API."),
    archived: z.boolean(),
    progress: z
      .object({
        status: z.enum(statuses),
        current: z.number().nullable().describe("The result to date (sum, latest value or share, by the indicator's cumulation)."),
        target: z.number().describe("What the result is compared with: the goal, or for counts the goal pro-rated to the date."),
        percentOfGoal: z.number().nullable(),
        needsExplanation: z.boolean(),
        isFinal: z.boolean().describe("The pilot has ended."),
      })
      .describe("Status and progress on `asOf` (docs/decisions/001-status-rule.md)."),
  })
  .meta({ id: "Indicator" });

export const period = z
  .object({
    id,
    pilotId: id,
    sequence: z.number().int(),
    startDate: isoDate,
    endDate: isoDate,
    isDue: z.boolean(),
    hasStarted: z.boolean(),
    reviewState: z.enum(reviewStates).describe("draft and returned periods take results; submitted and approved ones are locked."),
    reportedCount: z.number().int(),
    indicatorCount: z.number().int(),
  })
  .meta({ id: "Period" });

export const result = z
  .object({
    indicatorId: id,
    indicatorCode: z.string().nullable(),
    periodId: id,
    value: z.number().nullable(),
    respondents: z.number().int().nullable(),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    comment: z.string(),
    enteredBy: z.string().nullable(),
    enteredAt: timestamp.nullable(),
    version: z.number().int().nullable().describe("Send it back as `expectedVersion` when changing the result; null: no result yet."),
  })
  .meta({ id: "Result" });

export const periodResults = z
  .object({ period, results: z.array(result).describe("One per active indicator of the pilot, with or without a result.") })
  .meta({ id: "PeriodResults" });

export const writeResultsBody = z
  .object({ entries: z.array(resultEntry).min(1).max(500) })
  .strict()
  .meta({ id: "WriteResults", description: "The same entries the period form sends; which value fields are needed depends on the indicator's measure." });

export const writeResultsAnswer = z
  .object({
    periodId: id,
    reviewState: z.enum(reviewStates).describe("The period stays a draft (or returned) until its coordinator or manager submits it."),
    saved: z.number().int(),
    unchanged: z.number().int(),
    results: z.array(z.object({ indicatorId: id, action: z.enum(["create", "change", "remove", "unchanged"]), version: z.number().int().nullable() })),
  })
  .meta({ id: "WriteResultsAnswer" });

export const projectPage = page(project, "ProjectPage");
export const pilotPage = page(pilot, "PilotPage");
export const indicatorList = z.object({ pilotId: id, asOf: isoDate, items: z.array(indicator) }).meta({ id: "IndicatorList" });
export const periodList = z.object({ pilotId: id, items: z.array(period) }).meta({ id: "PeriodList" });

export const filters = {
  includeArchived: booleanText.optional().describe("Also list archived ones (default false)."),
  projectId: pathId.optional().describe("Only this project's pilots."),
  asOf: isoDate.optional().describe("The date status and progress are computed at (default today)."),
  status: z.enum(statuses).optional().describe("Only indicators with this status."),
};
