import { z } from "zod";
import { isIsoDate } from "./dates";
import { cumulations, goalDirections, indicatorKinds, measures, reportingFrequencies, roles } from "./domain";

/** Input schemas: the API validates every call with these, and the client's forms reuse them. */

const isoDate = z.string().trim().refine(isIsoDate, { message: "Use a date like 2021-09-30." });
const text = (max: number) => z.string().trim().max(max, { message: `At most ${max} characters.` });
const requiredText = (label: string, max: number) => text(max).min(1, { message: `${label} is required.` });
const finite = z.number({ error: "Enter a number." }).refine(Number.isFinite, { message: "Enter a finite number." });
const id = z.number().int().positive();
const version = z.number().int().positive();

const datesInOrder = <T extends { startDate: string; endDate: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.endDate < value.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date is before the start date." });
};

export const projectFields = z
  .object({
    name: requiredText("Name", 200),
    programme: text(200).default(""),
    startDate: isoDate,
    endDate: isoDate,
    tolerancePercent: finite.min(0, { message: "Tolerance cannot be negative." }).max(100, { message: "Tolerance is at most 100 %." }).default(15),
  })
  .strict()
  .superRefine(datesInOrder);
export type ProjectFields = z.infer<typeof projectFields>;

export const projectUpdate = z.object({ id, version, fields: projectFields }).strict();

export const pilotFields = z
  .object({
    projectId: id,
    title: requiredText("Title", 300),
    partnerOrganisation: text(300).default(""),
    location: text(300).default(""),
    country: text(60).default(""),
    startDate: isoDate,
    endDate: isoDate,
    reportingFrequency: z.enum(reportingFrequencies),
    coordinatorName: text(200).default(""),
    coordinatorEmail: z.union([z.literal(""), z.email({ message: "Enter a valid email address." })]).default(""),
    description: text(5000).default(""),
  })
  .strict()
  .superRefine(datesInOrder);
export type PilotFields = z.infer<typeof pilotFields>;

export const pilotUpdate = z.object({ id, version, fields: pilotFields }).strict();

export const indicatorFields = z
  .object({
    pilotId: id,
    code: text(40).nullable().default(null).transform((v) => (v ? v : null)),
    name: requiredText("Name", 500),
    kind: z.enum(indicatorKinds),
    measure: z.enum(measures),
    cumulation: z.enum(cumulations).default("increments"),
    unit: text(60).default(""),
    baseline: finite.default(0),
    goal: finite,
    goalDirection: z.enum(goalDirections).default("at_least"),
    goalText: text(1000).default(""),
    scaleMin: finite.nullable().default(null),
    scaleMax: finite.nullable().default(null),
    displayOrder: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.measure === "score") {
      if (v.scaleMin === null) ctx.addIssue({ code: "custom", path: ["scaleMin"], message: "A score needs the scale's minimum." });
      if (v.scaleMax === null) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "A score needs the scale's maximum." });
      if (v.scaleMin !== null && v.scaleMax !== null) {
        if (v.scaleMax <= v.scaleMin) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "The maximum must be above the minimum." });
        else if (v.goal < v.scaleMin || v.goal > v.scaleMax)
          ctx.addIssue({ code: "custom", path: ["goal"], message: `The goal must be on the scale (${v.scaleMin}–${v.scaleMax}).` });
      }
    }
    if (v.measure === "percentage" && (v.goal < 0 || v.goal > 100))
      ctx.addIssue({ code: "custom", path: ["goal"], message: "A percentage goal is between 0 and 100." });
    if (v.measure === "count" && v.goal < 0) ctx.addIssue({ code: "custom", path: ["goal"], message: "A count goal cannot be negative." });
    if (v.measure === "count" && v.baseline < 0) ctx.addIssue({ code: "custom", path: ["baseline"], message: "A baseline count cannot be negative." });
  });
export type IndicatorFields = z.infer<typeof indicatorFields>;

export const indicatorUpdate = z.object({ id, version, fields: indicatorFields }).strict();

/**
 * One indicator's entry in a period form. Numbers arrive already parsed (the client parses "8,6");
 * which fields are required depends on the indicator's measure and is checked by the server.
 */
export const resultEntry = z
  .object({
    indicatorId: id,
    /** The version the person saw, or null for a new result: protects against overwriting a colleague. */
    expectedVersion: version.nullable(),
    value: finite.nullable().default(null),
    respondents: z.number().int({ message: "Respondents must be a whole number." }).nullable().default(null),
    numerator: finite.nullable().default(null),
    denominator: finite.nullable().default(null),
    comment: text(5000).default(""),
  })
  .strict();
export type ResultEntry = z.infer<typeof resultEntry>;

export const savePeriodResults = z
  .object({
    periodId: id,
    /** Ignored: results are recorded under the signed-in person's name. Kept so older clients still work. */
    enteredBy: text(200).optional(),
    entries: z.array(resultEntry).min(1, { message: "Enter at least one result." }).max(500),
  })
  .strict();
export type SavePeriodResults = z.infer<typeof savePeriodResults>;

export const asOfInput = isoDate.optional();

/* Accounts (docs/decisions/005-accounts-and-permissions.md). */

export const MIN_PASSWORD_LENGTH = 10;
const email = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." }));
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(200, { message: "At most 200 characters." });

export const signInInput = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(200) }).strict();

export const changePasswordInput = z.object({ currentPassword: z.string().max(200), newPassword }).strict();

export const userCreate = z
  .object({
    email,
    name: requiredText("Name", 200),
    /** Left empty, the server generates one and shows it once to the administrator. */
    password: z.union([z.literal(""), newPassword]).default(""),
  })
  .strict();
export type UserCreate = z.infer<typeof userCreate>;

export const membershipInput = z
  .object({
    userId: id,
    role: z.enum(roles),
    projectId: id.nullable().default(null),
    pilotId: id.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === "administrator" && (v.projectId !== null || v.pilotId !== null))
      ctx.addIssue({ code: "custom", path: ["role"], message: "An administrator's role applies everywhere: choose no project or pilot." });
    if (v.role !== "administrator" && (v.projectId === null) === (v.pilotId === null))
      ctx.addIssue({ code: "custom", path: ["projectId"], message: "Choose either a project or a pilot." });
  });
export type MembershipInput = z.infer<typeof membershipInput>;

/* Review workflow and comments (docs/decisions/006-review-workflow.md). */

export const reviewTransition = z
  .object({
    periodId: id,
    /** The report's version the person saw (0 for a period never submitted). */
    version: z.number().int().min(0),
    action: z.enum(["submit", "return", "approve", "reopen"]),
    /** The manager's comment when returning, the reason when reopening. */
    comment: text(5000).default(""),
  })
  .strict();
export type ReviewTransition = z.infer<typeof reviewTransition>;

export const resultCommentInput = z.object({ resultId: id, body: requiredText("The comment", 5000) }).strict();
