import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tokenScopes } from "../shared/apiTokens";
import { contributionRules, measurementTimes, programmeAggregations, programmeIndicatorLevels } from "../shared/programmeIndicators";
import { securityEvents } from "../shared/securityEvents";
import {
  cumulations,
  deliveryProfiles,
  entryForms,
  levelAggregations,
  milestoneShapes,
  goalDirections,
  indicatorKinds,
  measures,
  outletTypes,
  reportingFrequencies,
  reportSectionKeys,
  revisedFields,
  revisionReasonCodes,
  reviewStates,
  roles,
  stakeholderTypes,
} from "../shared/domain";

/*
 * Dates are ISO text (YYYY-MM-DD); timestamps are ISO text with time (UTC).
 * Nothing is hard-deleted: projects, pilots and indicators are archived (archived_at).
 * Rows that people edit concurrently carry a `version` for optimistic locking.
 */

const timestamps = {
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    programme: text("programme").notNull().default(""),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    /** % below target that is still "at risk" rather than "underperforming". */
    tolerancePercent: real("tolerance_percent").notNull().default(15),
    isFictional: integer("is_fictional", { mode: "boolean" }).notNull().default(false),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [check("projects_dates", sql`${t.endDate} >= ${t.startDate}`)],
);

export const pilots = sqliteTable(
  "pilots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    title: text("title").notNull(),
    partnerOrganisation: text("partner_organisation").notNull().default(""),
    location: text("location").notNull().default(""),
    country: text("country").notNull().default(""),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    reportingFrequency: text("reporting_frequency", { enum: reportingFrequencies }).notNull(),
    coordinatorName: text("coordinator_name").notNull().default(""),
    coordinatorEmail: text("coordinator_email").notNull().default(""),
    description: text("description").notNull().default(""),
    isFictional: integer("is_fictional", { mode: "boolean" }).notNull().default(false),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("pilots_project").on(t.projectId), check("pilots_dates", sql`${t.endDate} >= ${t.startDate}`)],
);

export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    /** Optional shared code, so the same indicator can be compared across pilots. */
    code: text("code"),
    name: text("name").notNull(),
    kind: text("kind", { enum: indicatorKinds }).notNull(),
    measure: text("measure", { enum: measures }).notNull(),
    cumulation: text("cumulation", { enum: cumulations }).notNull().default("increments"),
    /** A level's current result: the latest period's value or the mean of the periods (docs/decisions/001). */
    levelAggregation: text("level_aggregation", { enum: levelAggregations }).notNull().default("latest"),
    /** How a period's value is entered: standard, a percentage typed directly with an optional base, or an index. */
    entryForm: text("entry_form", { enum: entryForms }).notNull().default("standard"),
    /** Counts of people and things: results must be whole numbers. */
    wholeNumbers: integer("whole_numbers", { mode: "boolean" }).notNull().default(false),
    /** How the goal is expected to be reached over time: linear, milestones, or counted at the end. */
    delivery: text("delivery", { enum: deliveryProfiles }).notNull().default("linear"),
    milestoneShape: text("milestone_shape", { enum: milestoneShapes }).notNull().default("interpolated"),
    /** The milestones, a JSON array of { date, target } sorted by date (shared/schemas.ts checks them). */
    milestones: text("milestones", { mode: "json" }).$type<{ date: string; target: number }[]>().notNull().default([]),
    unit: text("unit").notNull().default(""),
    baseline: real("baseline").notNull().default(0),
    goal: real("goal").notNull(),
    goalDirection: text("goal_direction", { enum: goalDirections }).notNull().default("at_least"),
    /** The goal as the pilot wrote it ("min 60% of stakeholders ..."), kept for reports. */
    goalText: text("goal_text").notNull().default(""),
    scaleMin: real("scale_min"),
    scaleMax: real("scale_max"),
    /**
     * A percentage computed from the pilot's stakeholder register (involved and continuing of the mapped
     * stakeholders) instead of typed: db/stakeholderRegister.ts writes its results.
     */
    fromStakeholderRegister: integer("from_stakeholder_register", { mode: "boolean" }).notNull().default(false),
    displayOrder: integer("display_order").notNull().default(0),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("indicators_pilot_order").on(t.pilotId, t.displayOrder),
    index("indicators_code").on(t.code),
    check("indicators_scale", sql`${t.measure} <> 'score' OR (${t.scaleMin} IS NOT NULL AND ${t.scaleMax} > ${t.scaleMin})`),
  ],
);

export const reportingPeriods = sqliteTable(
  "reporting_periods",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    sequence: integer("sequence").notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
  },
  (t) => [uniqueIndex("reporting_periods_pilot_sequence").on(t.pilotId, t.sequence), index("reporting_periods_pilot_end").on(t.pilotId, t.endDate)],
);

/**
 * One result per indicator per period. `value` is the count, the mean score, or the percentage
 * (computed by the server from numerator/denominator).
 *
 * `pilot_id` and `period_sequence` are copied from the period, and the `cum_*` columns hold the running
 * totals of the indicator's results up to and including this period (maintained by
 * db/cumulativeTotals.ts in the same transaction as every write). The current result at any date is
 * then one index seek per indicator instead of a scan of every result: see
 * docs/decisions/003-data-model-and-aggregates.md.
 */
export const results = sqliteTable(
  "results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    periodSequence: integer("period_sequence").notNull(),
    value: real("value").notNull(),
    respondents: integer("respondents"),
    numerator: real("numerator"),
    denominator: real("denominator"),
    comment: text("comment").notNull().default(""),
    enteredBy: text("entered_by").notNull(),
    enteredAt: text("entered_at").notNull(),
    version: integer("version").notNull().default(1),
    /**
     * The coordinator's confirmation of an unusual figure (shared/signals.ts, docs/decisions/018): JSON of
     * the questions asked, kept with the result it confirmed; null when nothing was asked.
     */
    plausibilityConfirmation: text("plausibility_confirmation"),
    cumCount: integer("cum_count").notNull().default(0),
    cumValue: real("cum_value").notNull().default(0),
    cumWeightedValue: real("cum_weighted_value").notNull().default(0),
    cumRespondents: real("cum_respondents").notNull().default(0),
    cumWithRespondents: integer("cum_with_respondents").notNull().default(0),
    cumNumerator: real("cum_numerator").notNull().default(0),
    cumDenominator: real("cum_denominator").notNull().default(0),
  },
  (t) => [
    uniqueIndex("results_indicator_period").on(t.indicatorId, t.periodId),
    uniqueIndex("results_indicator_sequence").on(t.indicatorId, t.periodSequence),
    index("results_pilot_sequence").on(t.pilotId, t.periodSequence),
    check("results_value_finite", sql`${t.value} = ${t.value}`),
  ],
);

/** A pilot's stakeholder register: the organisations it mapped. Archived, never deleted. */
export const stakeholders = sqliteTable(
  "stakeholders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    organisation: text("organisation").notNull(),
    type: text("type", { enum: stakeholderTypes }).notNull(),
    contact: text("contact").notNull().default(""),
    notes: text("notes").notNull().default(""),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("stakeholders_pilot").on(t.pilotId, t.organisation)],
);

/**
 * Per reporting period, whether a stakeholder was involved and plans to continue after the pilot. A row
 * means the stakeholder was mapped in that period: the denominator of a register-linked indicator.
 */
export const stakeholderPeriods = sqliteTable(
  "stakeholder_periods",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stakeholderId: integer("stakeholder_id")
      .notNull()
      .references(() => stakeholders.id),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id),
    involved: integer("involved", { mode: "boolean" }).notNull(),
    plansToContinue: integer("plans_to_continue", { mode: "boolean" }).notNull(),
    enteredBy: text("entered_by").notNull(),
    enteredAt: text("entered_at").notNull(),
  },
  (t) => [uniqueIndex("stakeholder_periods_stakeholder_period").on(t.stakeholderId, t.periodId), index("stakeholder_periods_period").on(t.periodId)],
);

/** People who sign in. Never deleted: a deactivated account keeps its name on everything it did. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-case, so that sign-in does not depend on how the address was typed. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** scrypt with a per-user salt: see server/services/passwords.ts for the format. */
    passwordHash: text("password_hash").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /**
     * Only demo accounts made by the demo seed have it: the sign-in page shows it while the server runs in
     * demo mode. Cleared when the password is changed.
     */
    demoPassword: text("demo_password"),
    /** The language the person chose for the app ("it"); null until they choose, when the browser's is used. */
    language: text("language"),
    /**
     * Set when someone else chose the password (a generated one, a reset): until the person picks their
     * own, every call but changing it is refused (server/access.ts).
     */
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    /**
     * The secret that signs the person's unsubscribe links (server/notices/unsubscribe.ts); made at the
     * first e-mail that needs one. Replacing it voids every link already sent.
     */
    unsubscribeKey: text("unsubscribe_key"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email").on(t.email)],
);

/** A signed-in browser. The id is the SHA-256 of the cookie's token, so a copy of the database signs nobody in. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/**
 * Personal access tokens for the HTTP API (docs/decisions/016-api-tokens.md). Only the SHA-256 of the
 * secret is stored, as for sessions: the database alone never signs anybody in. `prefix` is the token's
 * first characters, so that its owner can tell which one a log line or a script names.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    scope: text("scope", { enum: tokenScopes }).notNull(),
    secretHash: text("secret_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_secret_hash").on(t.secretHash), index("api_tokens_user").on(t.userId), check("api_tokens_scope", sql`${t.scope} IN ('read', 'read_write')`)],
);

/** A role held by a user: everywhere (administrator), in a project, or in one pilot. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: roles }).notNull(),
    projectId: integer("project_id").references(() => projects.id),
    pilotId: integer("pilot_id").references(() => pilots.id),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index("memberships_user").on(t.userId),
    check(
      "memberships_scope",
      sql`(${t.role} = 'administrator' AND ${t.projectId} IS NULL AND ${t.pilotId} IS NULL) OR (${t.role} <> 'administrator' AND (${t.projectId} IS NULL) <> (${t.pilotId} IS NULL))`,
    ),
  ],
);

/**
 * Append-only record of every create, change, archive and workflow step, written in the same transaction
 * as the change. Triggers (migration 0008_audit_log_append_only.sql) refuse UPDATE and DELETE on it.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id),
    /** The name at the time, so that the history reads the same after a rename. */
    actorName: text("actor_name").notNull(),
    at: text("at").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    action: text("action").notNull(),
    before: text("before"),
    after: text("after"),
    /** Where the entity lives, so that a pilot's or an indicator's history is one index range. */
    pilotId: integer("pilot_id"),
    indicatorId: integer("indicator_id"),
  },
  (t) => [index("audit_entity").on(t.entityType, t.entityId), index("audit_indicator").on(t.indicatorId), index("audit_pilot").on(t.pilotId)],
);

/**
 * Sign-ins, failed sign-ins, sign-outs and password changes, for administrators. Never a password or a
 * token. A failed sign-in for an address without an account is folded into one row per client address and
 * hour (`attempts`, `last_at`), so that one attacker typing made-up addresses cannot grow the log without
 * bound (server/services/securityLog.ts).
 */
export const securityLog = sqliteTable(
  "security_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    event: text("event", { enum: securityEvents }).notNull(),
    /** The account concerned; null for a failed sign-in with an address that has no account. */
    userId: integer("user_id").references(() => users.id),
    /** Who did it when it is not the account itself (an administrator resetting a password). */
    actorId: integer("actor_id").references(() => users.id),
    /** The email address as typed, for failed sign-ins only. */
    email: text("email"),
    /** The client address the request came from. */
    address: text("address").notNull(),
    at: text("at").notNull(),
    /** Failed sign-ins folded into this row (see above); 1 for every other event. */
    attempts: integer("attempts").notNull().default(1),
    lastAt: text("last_at"),
    /** The personal access token concerned (created, revoked, used: uses folded per token and hour). */
    tokenId: integer("token_id").references(() => apiTokens.id),
  },
  (t) => [index("security_log_at").on(t.at), index("security_log_event_at").on(t.event, t.at), index("security_log_address_event").on(t.address, t.event, t.at)],
);

/** The review state of a pilot's period. A period without a row is a draft. */
export const periodReports = sqliteTable(
  "period_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    state: text("state", { enum: reviewStates }).notNull().default("draft"),
    version: integer("version").notNull().default(1),
    lastTransitionBy: integer("last_transition_by").references(() => users.id),
    lastTransitionAt: text("last_transition_at"),
    submittedAt: text("submitted_at"),
    returnComment: text("return_comment").notNull().default(""),
    reopenReason: text("reopen_reason").notNull().default(""),
    /** The reviewer's note when approving with evidence still pending (docs/decisions/019-evidence.md). */
    evidenceNote: text("evidence_note").notNull().default(""),
  },
  (t) => [uniqueIndex("period_reports_period").on(t.periodId), index("period_reports_state").on(t.state, t.submittedAt)],
);

/**
 * Replies on a result. The result's own `comment` (the explanation the status rule asks for) is the
 * thread's first entry; these follow it.
 */
export const resultComments = sqliteTable(
  "result_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    resultId: integer("result_id")
      .notNull()
      .references(() => results.id),
    authorId: integer("author_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    at: text("at").notNull(),
    body: text("body").notNull(),
  },
  (t) => [index("result_comments_result").on(t.resultId, t.at)],
);

export type ProjectRow = typeof projects.$inferSelect;
export type PilotRow = typeof pilots.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type ReportingPeriodRow = typeof reportingPeriods.$inferSelect;
export type ResultRow = typeof results.$inferSelect;

/**
 * For each pilot, the sequence number of the latest change to anything its progress depends on (its
 * results, indicators, periods, the pilot or its project). Kept by triggers (migration
 * 0002_pilot_change_triggers.sql), so every writer, in any process, keeps it. The portfolio recomputes
 * only the pilots changed since it last looked: docs/decisions/003-data-model-and-aggregates.md.
 */
export const pilotChanges = sqliteTable(
  "pilot_changes",
  {
    pilotId: integer("pilot_id").primaryKey(),
    changeSeq: integer("change_seq").notNull(),
  },
  (t) => [index("pilot_changes_seq").on(t.changeSeq)],
);

/** The narrative sections of a pilot's final report (D.T2.5.2 layout), as the coordinator wrote them. */
export const reportSections = sqliteTable(
  "report_sections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    sectionKey: text("section_key", { enum: reportSectionKeys }).notNull(),
    /** Sanitised HTML: paragraphs, line breaks, bold, italic, bullet and numbered lists only. */
    contentHtml: text("content_html").notNull().default(""),
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull().default(""),
    ...timestamps,
  },
  (t) => [uniqueIndex("report_sections_pilot_section").on(t.pilotId, t.sectionKey)],
);

/** The communication log a coordinator keeps during the pilot (section 4e of the final report). */
export const communicationActivities = sqliteTable(
  "communication_activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    title: text("title").notNull(),
    date: text("date").notNull(),
    outletType: text("outlet_type", { enum: outletTypes }).notNull(),
    outletName: text("outlet_name").notNull().default(""),
    link: text("link").notNull().default(""),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("communication_activities_pilot_date").on(t.pilotId, t.date)],
);

export type ReportSectionRow = typeof reportSections.$inferSelect;
export type CommunicationActivityRow = typeof communicationActivities.$inferSelect;
export type StakeholderRow = typeof stakeholders.$inferSelect;
export type StakeholderPeriodRow = typeof stakeholderPeriods.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type PeriodReportRow = typeof periodReports.$inferSelect;

/**
 * A one-time link a manager sends to bring a person into a pilot (or a project). Only the SHA-256 of the
 * link's token is stored, like a session's; accepting it creates the account with the password the person
 * sets, grants the role, and stamps `accepted_at` so the link never works twice (docs/decisions/020).
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: roles }).notNull(),
    projectId: integer("project_id").references(() => projects.id),
    pilotId: integer("pilot_id").references(() => pilots.id),
    /** The language the invitation e-mail and the account start in. */
    language: text("language").notNull(),
    invitedBy: integer("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    acceptedAt: text("accepted_at"),
    userId: integer("user_id").references(() => users.id),
  },
  (t) => [uniqueIndex("invitations_token").on(t.tokenHash), index("invitations_email").on(t.email)],
);

/**
 * The outbox of e-mails. A notice is written in the same transaction as the fact it tells of (a
 * submission, a return, an invitation), or by the daily reminder run; a worker sends it later. The unique
 * `dedupe_key` is the ledger of what was due to whom for what: a reminder computed twice (a restart, a
 * second server process) inserts nothing the second time. `claimed_*` lets one sender take a notice.
 */
export const notices = sqliteTable(
  "notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind").notNull(),
    recipientId: integer("recipient_id").references(() => users.id),
    recipientEmail: text("recipient_email").notNull(),
    language: text("language").notNull(),
    /** JSON: the values the kind's message needs (pilot, period, comment, link). */
    payload: text("payload").notNull(),
    createdAt: text("created_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedAt: text("claimed_at"),
    sentAt: text("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /**
     * "daily" or "weekly" when the recipient chose a digest for this kind: the sender leaves it alone and
     * the digest run gathers it into one e-mail (`digest_notice_id`, with `sent_at` the gathering).
     */
    digest: text("digest", { enum: ["daily", "weekly"] }),
    digestNoticeId: integer("digest_notice_id"),
  },
  (t) => [uniqueIndex("notices_dedupe").on(t.dedupeKey), index("notices_unsent").on(t.sentAt, t.id), index("notices_digest").on(t.digest, t.recipientId, t.sentAt)],
);

/**
 * How a person wants each kind of e-mail (shared/noticePreferences.ts): a row only for a choice made;
 * a kind without one follows its default.
 */
export const noticePreferences = sqliteTable(
  "notice_preferences",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    delivery: text("delivery", { enum: ["immediately", "daily", "weekly", "never"] }).notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("notice_preferences_user_kind").on(t.userId, t.kind)],
);

export type InvitationRow = typeof invitations.$inferSelect;
export type NoticeRow = typeof notices.$inferSelect;

/**
 * An indicator's reference sheet: what a manager writes once about how the indicator is measured and,
 * above all, its means of verification (the evidence expected with each result). One row per indicator,
 * made the first time the sheet is saved; an indicator without one expects no evidence.
 */
export const indicatorReferences = sqliteTable("indicator_references", {
  indicatorId: integer("indicator_id")
    .primaryKey()
    .references(() => indicators.id),
  definition: text("definition").notNull().default(""),
  dataSource: text("data_source").notNull().default(""),
  collectionMethod: text("collection_method").notNull().default(""),
  collectionFrequency: text("collection_frequency").notNull().default(""),
  responsible: text("responsible").notNull().default(""),
  /** What evidence is expected with each result ("signed attendance sheets"); empty: none is. */
  meansOfVerification: text("means_of_verification").notNull().default(""),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull().default(""),
  ...timestamps,
});

/**
 * Evidence behind a result (an indicator in a period): a file, stored by its SHA-256 in the evidence folder
 * (server/evidence/store.ts), or a link. Removed evidence keeps its row (`removed_at`), so the history and
 * the audit trail still name it. docs/decisions/019-evidence.md.
 */
export const evidenceItems = sqliteTable(
  "evidence_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pilotId: integer("pilot_id")
      .notNull()
      .references(() => pilots.id),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id),
    kind: text("kind", { enum: ["file", "link"] }).notNull(),
    description: text("description").notNull().default(""),
    /** The uploaded name, cleaned (no path, no control characters): only shown, never used as a path. */
    fileName: text("file_name"),
    /** The type detected from the content, never the one the name or the browser claimed. */
    contentType: text("content_type"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    url: text("url"),
    addedById: integer("added_by_id").references(() => users.id),
    addedBy: text("added_by").notNull(),
    addedAt: text("added_at").notNull(),
    removedAt: text("removed_at"),
    removedBy: text("removed_by"),
  },
  (t) => [
    index("evidence_items_period").on(t.periodId, t.indicatorId),
    index("evidence_items_sha").on(t.sha256),
    check(
      "evidence_items_kind",
      sql`(${t.kind} = 'file' AND ${t.sha256} IS NOT NULL AND ${t.url} IS NULL) OR (${t.kind} = 'link' AND ${t.url} IS NOT NULL AND ${t.sha256} IS NULL)`,
    ),
  ],
);

/** The reviewer's "evidence checked" for an indicator of a period, ticked when approving it. */
export const evidenceChecks = sqliteTable(
  "evidence_checks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    checkedById: integer("checked_by_id").references(() => users.id),
    checkedBy: text("checked_by").notNull(),
    checkedAt: text("checked_at").notNull(),
  },
  (t) => [uniqueIndex("evidence_checks_period_indicator").on(t.periodId, t.indicatorId)],
);

/**
 * Every change of a goal, baseline or milestones of an indicator that has results, with its reason,
 * written with the change and its audit line (server/writes/indicatorRevisions.ts). The original target
 * is read from these rows (shared/revisions.ts, docs/decisions/022-goal-revisions.md).
 */
export const indicatorRevisions = sqliteTable(
  "indicator_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    field: text("field", { enum: revisedFields }).notNull(),
    /** The values as JSON (a number, or the milestones' list), so that one column holds every field. */
    before: text("before", { mode: "json" }).$type<unknown>().notNull(),
    after: text("after", { mode: "json" }).$type<unknown>().notNull(),
    reasonCode: text("reason_code", { enum: revisionReasonCodes }).notNull(),
    reasonText: text("reason_text").notNull(),
    authorId: integer("author_id").references(() => users.id),
    /** The name at the time, as in the audit log. */
    authorName: text("author_name").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("indicator_revisions_indicator").on(t.indicatorId, t.id)],
);

export type IndicatorRevisionRow = typeof indicatorRevisions.$inferSelect;
export type IndicatorReferenceRow = typeof indicatorReferences.$inferSelect;
export type EvidenceItemRow = typeof evidenceItems.$inferSelect;

/**
 * What the administrator decides for the whole server (docs/decisions/020): one row, id 1. A missing row
 * means every setting is off: the policies that read it fail closed (server/access.ts).
 */
export const instanceSettings = sqliteTable(
  "instance_settings",
  {
    id: integer("id").primaryKey(),
    /** Whether project managers may create projects of their own (they become the new project's manager). */
    managersCreateProjects: integer("managers_create_projects", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [check("instance_settings_one_row", sql`${t.id} = 1`)],
);

/**
 * A one-time link to set a new password, issued by an administrator, a project manager for their people,
 * or `npm run admin -- reset-password` (issued_by null). Only the SHA-256 of the token is stored, as for
 * invitations; `used_at` is stamped in the statement that checks the link is still open.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    issuedBy: integer("issued_by").references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [uniqueIndex("password_resets_token").on(t.tokenHash), index("password_resets_user").on(t.userId)],
);

/**
 * The programme's indicators (Interreg common ones such as RCO 84, and programme-specific ones), one
 * catalogue an administrator keeps (docs/decisions/028-programme-indicators.md). Codes are unique ignoring
 * case. Archived, never deleted: a report made earlier still names it.
 */
export const programmeIndicators = sqliteTable(
  "programme_indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    level: text("level", { enum: programmeIndicatorLevels }).notNull(),
    unit: text("unit").notNull(),
    definition: text("definition").notNull().default(""),
    measurementTime: text("measurement_time", { enum: measurementTimes }).notNull().default("during"),
    aggregation: text("aggregation", { enum: programmeAggregations }).notNull().default("sum"),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("programme_indicators_code").on(sql`lower(${t.code})`)],
);

/** A project's target for a programme indicator: the project reports on the indicators it has a target for. */
export const projectProgrammeTargets = sqliteTable(
  "project_programme_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    programmeIndicatorId: integer("programme_indicator_id")
      .notNull()
      .references(() => programmeIndicators.id),
    target: real("target").notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("project_programme_targets_project_indicator").on(t.projectId, t.programmeIndicatorId)],
);

/**
 * A pilot indicator's contribution to a programme indicator, with the rule that turns its results into
 * the programme's unit. Unlinking stamps `removed_at`; linking again revives the row.
 */
export const indicatorContributions = sqliteTable(
  "indicator_contributions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    programmeIndicatorId: integer("programme_indicator_id")
      .notNull()
      .references(() => programmeIndicators.id),
    rule: text("rule", { enum: contributionRules }).notNull(),
    removedAt: text("removed_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("indicator_contributions_indicator_programme").on(t.indicatorId, t.programmeIndicatorId),
    index("indicator_contributions_programme").on(t.programmeIndicatorId),
  ],
);

export type ProgrammeIndicatorRow = typeof programmeIndicators.$inferSelect;
export type IndicatorContributionRow = typeof indicatorContributions.$inferSelect;
