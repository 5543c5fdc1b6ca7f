import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./limits";
import { addYears, EARLIEST_PLAN_DATE, isIsoDate, LATEST_PLAN_DATE, MAX_PILOT_YEARS, MAX_REPORTING_PERIODS } from "./dates";
import { generateReportingPeriods } from "./periods";
import { TOKEN_MAX_DAYS, tokenScopes } from "./apiTokens";
import { contributionRules, measurementTimes, programmeAggregations, programmeIndicatorLevels } from "./programmeIndicators";
import { forbiddenCharacterIn, forbiddenCharacterMessageKey, type TextRuleOptions } from "./textRules";
import {
  cumulations,
  deliveryProfiles,
  entryForms,
  goalDirections,
  levelAggregations,
  milestoneShapes,
  indicatorKinds,
  measures,
  outletTypes,
  type ReportingFrequency,
  reportingFrequencies,
  reportSectionKeys,
  revisionReasonCodes,
  roles,
  stakeholderTypes,
} from "./domain";

/** Input schemas: the API validates every call with these, and the client's forms reuse them. */

const isoDate = z.string().trim().refine(isIsoDate, { message: "validation.date" });
const textRule = (options: TextRuleOptions) => (value: string, ctx: z.RefinementCtx) => {
  const forbidden = forbiddenCharacterIn(value, options);
  if (forbidden) ctx.addIssue({ code: "custom", message: forbiddenCharacterMessageKey(forbidden) });
};
/** Free text (comments, descriptions): the rule of shared/textRules.ts, bidirectional controls allowed. */
const text = (max: number, options: TextRuleOptions = { identifying: false }) => z.string().trim().max(max, { message: "validation.tooLong" }).superRefine(textRule(options));
/** A name, title, email or link: what people read to tell one thing from another, so no bidirectional controls. */
const name = (max: number) => text(max, { identifying: true });
const requiredText = (max: number) => text(max).min(1, { message: "validation.required" });
const requiredName = (max: number) => name(max).min(1, { message: "validation.required" });
/** Far beyond any real count, score or goal, and small enough that sums of many stay exact enough and finite. */
export const MAX_MAGNITUDE = 1e12;
const finite = z
  .number({ error: "validation.number" })
  .refine(Number.isFinite, { message: "validation.finite" })
  .refine((value) => Math.abs(value) <= MAX_MAGNITUDE, { message: "validation.tooLarge" });
const id = z.number().int().positive();
const version = z.number().int().positive();

const datesInOrder = <T extends { startDate: string; endDate: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.endDate < value.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "validation.endBeforeStart" });
};
/** Project and pilot dates (docs/decisions/014): no EU action ran before 1990 or is planned past 2100. */
const planDate = isoDate.refine((value) => !isIsoDate(value) || (value >= EARLIEST_PLAN_DATE && value <= LATEST_PLAN_DATE), {
  message: "validation.dateOutOfRange",
  params: { earliest: EARLIEST_PLAN_DATE, latest: LATEST_PLAN_DATE },
});
/** A pilot is at most 15 years long and has at most 500 reporting periods (weekly for 15 years would be 783). */
const pilotLength = (value: { startDate: string; endDate: string; reportingFrequency: ReportingFrequency }, ctx: z.RefinementCtx) => {
  // A date already refused (unreadable, out of range, in the wrong order) is said once, on its own.
  const readable = (date: string) => isIsoDate(date) && date >= EARLIEST_PLAN_DATE && date <= LATEST_PLAN_DATE;
  if (!readable(value.startDate) || !readable(value.endDate) || value.endDate < value.startDate) return;
  if (value.endDate >= addYears(value.startDate, MAX_PILOT_YEARS)) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "validation.pilotTooLong", params: { years: MAX_PILOT_YEARS } });
    return;
  }
  if (generateReportingPeriods(value.startDate, value.endDate, value.reportingFrequency).length > MAX_REPORTING_PERIODS)
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "validation.tooManyPeriods", params: { periods: MAX_REPORTING_PERIODS } });
};

export const projectFields = z
  .object({
    name: requiredName(200),
    programme: name(200).default(""),
    startDate: planDate,
    endDate: planDate,
    tolerancePercent: finite.min(0, { message: "validation.toleranceNegative" }).max(100, { message: "validation.toleranceTooHigh" }).default(15),
  })
  .strict()
  .superRefine(datesInOrder);
export type ProjectFields = z.infer<typeof projectFields>;

export const projectUpdate = z.object({ id, version, fields: projectFields }).strict();

export const pilotFields = z
  .object({
    projectId: id,
    title: requiredName(300),
    partnerOrganisation: name(300).default(""),
    location: name(300).default(""),
    country: name(60).default(""),
    startDate: planDate,
    endDate: planDate,
    reportingFrequency: z.enum(reportingFrequencies),
    coordinatorName: name(200).default(""),
    coordinatorEmail: z.union([z.literal(""), z.email({ message: "validation.email" })]).default(""),
    description: text(5000).default(""),
  })
  .strict()
  .superRefine(datesInOrder)
  .superRefine(pilotLength);
export type PilotFields = z.infer<typeof pilotFields>;

export const pilotUpdate = z.object({ id, version, fields: pilotFields }).strict();

/**
 * What a manager may correct at any time, also once results exist: none of it changes how a stored
 * result was entered, checked or added up (docs/decisions/010-review-workflow.md, "Correcting an indicator").
 * The scale may move as long as every stored score stays on it: the server checks that.
 */
const indicatorCorrectableShape = {
  code: name(40)
    .nullable()
    .default(null)
    .transform((v) => (v ? v : null)),
  name: requiredName(500),
  kind: z.enum(indicatorKinds),
  unit: name(60).default(""),
  baseline: finite.default(0),
  goal: finite,
  goalDirection: z.enum(goalDirections).default("at_least"),
  goalText: text(1000).default(""),
  scaleMin: finite.nullable().default(null),
  scaleMax: finite.nullable().default(null),
  displayOrder: z.number().int().min(0).optional(),
  /** Numerator and denominator come from the pilot's stakeholder register (percentages only). */
  fromStakeholderRegister: z.boolean().default(false),
  /**
   * Which numbers a result holds beyond its measure (a direct percentage with its base; an index without
   * respondents). Sent with the corrections, so that clients that send the whole row keep working, yet
   * fixed once a result exists like measure and cumulation (FIXED_ONCE_REPORTED, checked by the server).
   */
  entryForm: z.enum(entryForms).default("standard"),
  /** A level's current result (docs/decisions/001): read from the stored values, so it may be corrected. */
  levelAggregation: z.enum(levelAggregations).default("latest"),
  /** Counts of people and things: every result must be a whole number. */
  wholeNumbers: z.boolean().default(false),
  /** Targets over time: linear (pro-rated), milestones, or counted at the end. */
  delivery: z.enum(deliveryProfiles).default("linear"),
  milestoneShape: z.enum(milestoneShapes).default("interpolated"),
  milestones: z
    .array(z.object({ date: isoDate, target: finite }).strict())
    .max(60, { message: "validation.tooManyMilestones" })
    .default([])
    .transform((list) => [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))),
};

/**
 * How the stored results are read: the measure decides which numbers a result holds (a count; a mean
 * score with respondents; a numerator and denominator) and how it was checked, the cumulation whether
 * each period's value is an increment or the figure to date, which the running totals add up. Changing
 * either would silently reinterpret every result already reported, so both are fixed once one exists.
 */
const indicatorFixedShape = {
  measure: z.enum(measures),
  cumulation: z.enum(cumulations).default("increments"),
};
export const FIXED_ONCE_REPORTED = ["measure", "cumulation", "entryForm"] as const;
export type FixedOnceReported = (typeof FIXED_ONCE_REPORTED)[number];

/** The rules that tie fields together; the server runs them again on the stored indicator with the corrections applied. */
export function checkIndicatorRules(
  v: {
    measure: string;
    goal: number;
    baseline: number;
    scaleMin: number | null;
    scaleMax: number | null;
    fromStakeholderRegister: boolean;
    cumulation?: string;
    entryForm?: string;
    wholeNumbers?: boolean;
    delivery?: string;
    milestones?: readonly { date: string; target: number }[];
  },
  ctx: z.RefinementCtx,
) {
  if (v.fromStakeholderRegister && v.measure !== "percentage") ctx.addIssue({ code: "custom", path: ["fromStakeholderRegister"], message: "validation.registerOnlyPercentage" });
  if (v.fromStakeholderRegister && v.entryForm === "direct_percentage") ctx.addIssue({ code: "custom", path: ["entryForm"], message: "validation.registerNotDirect" });
  if (v.cumulation === "level" && v.measure !== "count") ctx.addIssue({ code: "custom", path: ["cumulation"], message: "validation.levelOnlyCount" });
  if (v.entryForm === "direct_percentage" && v.measure !== "percentage") ctx.addIssue({ code: "custom", path: ["entryForm"], message: "validation.directOnlyPercentage" });
  if (v.entryForm === "index" && v.measure !== "score") ctx.addIssue({ code: "custom", path: ["entryForm"], message: "validation.indexOnlyScore" });
  if (v.wholeNumbers && v.measure !== "count") ctx.addIssue({ code: "custom", path: ["wholeNumbers"], message: "validation.wholeNumbersOnlyCount" });
  if (v.wholeNumbers && v.measure === "count" && !Number.isInteger(v.goal)) ctx.addIssue({ code: "custom", path: ["goal"], message: "validation.goalWholeNumber" });
  const milestones = v.milestones ?? [];
  if (v.delivery === "milestones" && milestones.length === 0) ctx.addIssue({ code: "custom", path: ["milestones"], message: "validation.milestonesNeeded" });
  if (v.delivery !== "milestones" && milestones.length > 0) ctx.addIssue({ code: "custom", path: ["milestones"], message: "validation.milestonesOnlyForProfile" });
  if (new Set(milestones.map((m) => m.date)).size !== milestones.length) ctx.addIssue({ code: "custom", path: ["milestones"], message: "validation.milestoneDatesUnique" });
  if (v.measure === "score") {
    if (v.scaleMin === null) ctx.addIssue({ code: "custom", path: ["scaleMin"], message: "validation.scaleMinRequired" });
    if (v.scaleMax === null) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "validation.scaleMaxRequired" });
    if (v.scaleMin !== null && v.scaleMax !== null) {
      if (v.scaleMax <= v.scaleMin) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "validation.scaleOrder" });
      else if (v.goal < v.scaleMin || v.goal > v.scaleMax)
        ctx.addIssue({ code: "custom", path: ["goal"], message: "validation.goalOnScale", params: { min: v.scaleMin, max: v.scaleMax } });
    }
  }
  if (v.measure === "percentage" && (v.goal < 0 || v.goal > 100)) ctx.addIssue({ code: "custom", path: ["goal"], message: "validation.percentageGoal" });
  if (v.measure === "count" && v.goal < 0) ctx.addIssue({ code: "custom", path: ["goal"], message: "validation.countGoalNegative" });
  if (v.measure === "count" && v.baseline < 0) ctx.addIssue({ code: "custom", path: ["baseline"], message: "validation.baselineNegative" });
}

export const indicatorFields = z
  .object({ pilotId: id, ...indicatorCorrectableShape, ...indicatorFixedShape })
  .strict()
  .superRefine(checkIndicatorRules);
export type IndicatorFields = z.infer<typeof indicatorFields>;

export const indicatorCorrections = z.object(indicatorCorrectableShape).strict();
export type IndicatorCorrections = z.infer<typeof indicatorCorrections>;
export const indicatorFixedFields = z.object(indicatorFixedShape).strict();
export type IndicatorFixedFields = z.infer<typeof indicatorFixedFields>;

/**
 * An edit of an indicator: the correctable values as the form holds them, and the fixed ones only while
 * the indicator has no result (a client leaves `fixed` out once results exist; a change of it is then
 * refused with a field error). An indicator stays with its pilot. The server writes and audits only the
 * fields that differ from what is stored.
 */
/** The longest reason sentence a revision keeps: one or two sentences, as the final report quotes it. */
export const REVISION_REASON_MAX = 500;

/**
 * Why a goal, baseline or milestone of an indicator that has results changes (docs/decisions/022): a code
 * and a sentence, both required. Asked only when results exist; the server decides that, and refuses the
 * change without it next to `revisionReason.code` / `revisionReason.text`.
 */
export const revisionReason = z
  .object({
    code: z.enum(revisionReasonCodes, { error: "validation.revisionReasonCode" }),
    text: requiredText(REVISION_REASON_MAX),
  })
  .strict();
export type RevisionReason = z.infer<typeof revisionReason>;

export const indicatorUpdate = z
  .object({ id, version, corrections: indicatorCorrections, fixed: indicatorFixedFields.optional(), revisionReason: revisionReason.optional() })
  .strict();
export type IndicatorUpdate = z.infer<typeof indicatorUpdate>;

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
    respondents: z.number().int({ message: "validation.wholeNumber" }).nullable().default(null),
    numerator: finite.nullable().default(null),
    denominator: finite.nullable().default(null),
    comment: text(5000).default(""),
    /** The coordinator confirms an unusual figure the server asked about (shared/signals.ts). */
    plausibilityConfirmed: z.boolean().optional(),
  })
  .strict();
export type ResultEntry = z.infer<typeof resultEntry>;

export const savePeriodResults = z
  .object({
    periodId: id,
    /** Ignored: results are recorded under the signed-in person's name. Kept so older clients still work. */
    enteredBy: text(200).optional(),
    entries: z.array(resultEntry).min(1, { message: "validation.atLeastOneResult" }).max(500),
  })
  .strict();
export type SavePeriodResults = z.infer<typeof savePeriodResults>;

export const asOfInput = isoDate.optional();

/** A report section as the editor sends it: HTML that the server sanitises before storing. */
export const reportSectionSave = z
  .object({
    pilotId: id,
    sectionKey: z.enum(reportSectionKeys),
    /** The version the writer's draft is based on; null when the section has never been saved. */
    expectedVersion: version.nullable(),
    contentHtml: z
      .string()
      .max(200_000, { message: "validation.sectionTooLong" })
      .superRefine(textRule({ identifying: false })),
    /** Ignored: sections are recorded under the signed-in person's name. Kept so older clients still work. */
    updatedBy: text(200).optional(),
  })
  .strict();

// The address as typed is checked by the name rule first: URL parsing would hide a bidirectional control by encoding it.
const webAddress = z.url({ protocol: /^https?$/ });

export const communicationActivityFields = z
  .object({
    pilotId: id,
    title: requiredName(500),
    date: isoDate,
    outletType: z.enum(outletTypes),
    outletName: name(300).default(""),
    link: name(2000)
      .refine((value) => value === "" || webAddress.safeParse(value).success, { message: "validation.webAddress" })
      .default(""),
  })
  .strict();
export type CommunicationActivityFields = z.infer<typeof communicationActivityFields>;
export const communicationActivityUpdate = z.object({ id, version, fields: communicationActivityFields }).strict();

export const stakeholderFields = z
  .object({
    pilotId: id,
    organisation: requiredName(300),
    type: z.enum(stakeholderTypes, { error: "validation.stakeholderType" }),
    contact: name(500).default(""),
    notes: text(2000).default(""),
  })
  .strict();
export type StakeholderFields = z.infer<typeof stakeholderFields>;

export const stakeholderUpdate = z.object({ id, version, fields: stakeholderFields }).strict();

/** One period of the register: for each stakeholder listed, involved and planning to continue. */
export const saveStakeholderPeriod = z
  .object({
    periodId: id,
    /** Ignored: the register is recorded under the signed-in person's name. Kept so older clients still work. */
    enteredBy: text(200).optional(),
    entries: z
      .array(z.object({ stakeholderId: id, involved: z.boolean(), plansToContinue: z.boolean() }).strict())
      .min(1, { message: "validation.registerEmpty" })
      .max(2000),
    /** Stored with the linked indicator's result for this period, like a coordinator's comment. */
    comment: text(5000).optional(),
  })
  .strict();
export type SaveStakeholderPeriod = z.infer<typeof saveStakeholderPeriod>;

/* Accounts (docs/decisions/009-accounts-and-permissions.md). */

// Kept in shared/limits.ts so that the client's first chunks need not load zod to show it.
export { MIN_PASSWORD_LENGTH };
const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "validation.email" }));
const newPassword = z.string().min(MIN_PASSWORD_LENGTH, { message: "validation.passwordTooShort" }).max(200, { message: "validation.tooLong" });

export const signInInput = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(200) }).strict();

export const changePasswordInput = z.object({ currentPassword: z.string().max(200), newPassword }).strict();

export const userCreate = z
  .object({
    email,
    name: requiredName(200),
    /** Left empty, the server generates one and shows it once to the administrator. */
    password: z.union([z.literal(""), newPassword]).default(""),
  })
  .strict();
export type UserCreate = z.infer<typeof userCreate>;

/** A manager brings a person into one of their pilots (docs/decisions/020). */
export const invitationCreate = z
  .object({
    pilotId: z.number().int().positive(),
    email,
    name: requiredName(200),
    role: z.enum(["pilot_coordinator", "evaluator"]),
  })
  .strict();
export type InvitationCreate = z.infer<typeof invitationCreate>;

export const invitationToken = z.string().trim().min(20).max(100);
export const invitationAccept = z.object({ token: invitationToken, password: newPassword }).strict();

/** A one-time password-reset link (docs/decisions/020): the same token shape as an invitation's. */
export const resetLinkToken = invitationToken;
export const resetLinkUse = z.object({ token: resetLinkToken, password: newPassword }).strict();

/** The administrator's instance settings. */
export const instanceSettingsUpdate = z.object({ managersCreateProjects: z.boolean(), version: z.number().int().nonnegative() }).strict();

export const membershipInput = z
  .object({
    userId: id,
    role: z.enum(roles),
    projectId: id.nullable().default(null),
    pilotId: id.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === "administrator" && (v.projectId !== null || v.pilotId !== null)) ctx.addIssue({ code: "custom", path: ["role"], message: "validation.administratorEverywhere" });
    if (v.role !== "administrator" && (v.projectId === null) === (v.pilotId === null)) ctx.addIssue({ code: "custom", path: ["projectId"], message: "validation.projectOrPilot" });
  });
export type MembershipInput = z.infer<typeof membershipInput>;

/* Review workflow and comments (docs/decisions/010-review-workflow.md). */

export const reviewTransition = z
  .object({
    periodId: id,
    /** The report's version the person saw (0 for a period never submitted). */
    version: z.number().int().min(0),
    action: z.enum(["submit", "withdraw", "return", "approve", "reopen"]),
    /** The manager's comment when returning, the reason when reopening. */
    comment: text(5000).default(""),
    /** Submitting a period some active indicators have no result for needs this, after the person saw which. */
    confirmIncomplete: z.boolean().default(false),
    /** Approving: the indicators whose evidence the reviewer ticked as checked (docs/decisions/019-evidence.md). */
    evidenceChecked: z.array(id).max(1000).default([]),
    /** Approving with evidence not (all) checked: the note that says what is pending. */
    evidenceNote: text(2000).default(""),
  })
  .strict();
export type ReviewTransition = z.infer<typeof reviewTransition>;

export const resultCommentInput = z.object({ resultId: id, body: requiredText(5000) }).strict();

/** A personal access token as its owner creates it on the account page (shared/apiTokens.ts). */
export const createTokenInput = z
  .object({
    name: requiredName(100),
    scope: z.enum(tokenScopes, { message: "tokens.scopeRequired" }),
    expiresInDays: z
      .number({ error: "tokens.lifetime" })
      .int({ message: "tokens.lifetime" })
      .min(1, { message: "tokens.lifetime" })
      .max(TOKEN_MAX_DAYS, { message: "tokens.lifetime" }),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenInput>;

/** An indicator's reference sheet (docs/decisions/019-evidence.md); every field optional. */
export const indicatorReferenceFields = z
  .object({
    definition: text(2000).default(""),
    dataSource: text(500).default(""),
    collectionMethod: text(500).default(""),
    collectionFrequency: text(200).default(""),
    responsible: name(200).default(""),
    meansOfVerification: text(1000).default(""),
  })
  .strict();
export type IndicatorReferenceFields = z.infer<typeof indicatorReferenceFields>;
export const indicatorReferenceInput = z.object({ indicatorId: id, fields: indicatorReferenceFields }).strict();

/** Where evidence goes: an indicator in a period. */
export const evidenceTarget = z.object({ indicatorId: id, periodId: id }).strict();

export const evidenceLinkInput = z
  .object({
    indicatorId: id,
    periodId: id,
    url: requiredName(2000).refine((value) => webAddress.safeParse(value).success, { message: "validation.webAddress" }),
    description: text(500).default(""),
  })
  .strict();

export const evidenceDescription = text(500).default("");

/* Programme indicators and contributions (docs/decisions/028-programme-indicators.md). */

export const programmeIndicatorFields = z
  .object({
    code: requiredName(20),
    name: requiredName(300),
    level: z.enum(programmeIndicatorLevels),
    unit: requiredName(100),
    definition: text(5000).default(""),
    measurementTime: z.enum(measurementTimes),
    aggregation: z.enum(programmeAggregations),
  })
  .strict();
export type ProgrammeIndicatorFields = z.infer<typeof programmeIndicatorFields>;

export const programmeIndicatorUpdate = z.object({ id, version, fields: programmeIndicatorFields }).strict();

export const starterIndicatorInput = z.object({ code: z.string().trim().min(1).max(20) }).strict();

export const projectTargetInput = z
  .object({
    projectId: id,
    programmeIndicatorId: id,
    target: finite.refine((value) => value >= 0, { message: "validation.targetNegative" }),
    /** 0 when the project has no target for it yet. */
    version: z.number().int().min(0),
  })
  .strict();

export const contributionInput = z.object({ indicatorId: id, programmeIndicatorId: id, rule: z.enum(contributionRules) }).strict();
export const contributionRemoval = z.object({ indicatorId: id, programmeIndicatorId: id }).strict();
