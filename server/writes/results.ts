import type { AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { prepareCached } from "../../db/statements";
import { message, type Message } from "../../shared/i18n/message";
import { emptyTotals, type ResultTotals } from "../../shared/progress";
import {
  appendToTotals,
  checkEnteredValues,
  missingExplanation,
  progressAtPeriodEndFromTotals,
  storedValueMessage,
  type EnteredValues,
  type StoredValues,
} from "../../shared/resultRules";
import { isEditable } from "../../shared/review";
import { confirmationOf, plausibilityWarnings, type PlausibilityWarning } from "../../shared/signals";
import type { Cumulation, GoalDirection, IndicatorKind, Measure, ReviewState } from "../../shared/domain";
import { writeAuditLines, type Actor, type AuditEntry } from "../services/audit";
import { conflict, invalidInput, userError } from "../errors";
import { translate } from "../i18n";
import { ruleColumns, ruleFieldsOf, type RawRuleColumns, type RuleColumns } from "../queries/indicatorRuleColumns";

/*
 * The one door for results (docs/decisions/013-one-write-path.md). The period form, the spreadsheet
 * import, the HTTP API (/api/v1, a personal access token), the stakeholder register (saving a period, archiving or restoring a stakeholder, linking an
 * indicator to it) and any later route call `writeResults`; none of them writes the `results` table
 * itself. The rules every write obeys are here, once:
 *   author    the signed-in person (id and name), never a name from the client or a file;
 *   lock      a submitted or approved period, an archived pilot or indicator, a period not yet started
 *             are refused;
 *   register  an indicator linked to the stakeholder register is written by the register only;
 *   values    checked for the indicator's measure; a value below its goal or expected progress needs a
 *             comment (the same rules the form previews);
 *   plausible an unusual figure (ten times the goal, five times the period before, a total to date that
 *             goes down, ...) is saved only once the writer confirms it; the confirmation is kept with it;
 *   unchanged the same values and comment are no write, no audit line, no new version;
 *   stale     a result changed since the writer saw it is never overwritten;
 *   totals    the running totals are recomputed once per write, from the first period it touched;
 *   audit     one line per created, changed or removed result, before and after, with the route.
 */

export const resultRoutes = ["form", "import", "register", "api"] as const;
export type ResultRoute = (typeof resultRoutes)[number];

export interface ResultChange {
  indicatorId: number;
  periodId: number;
  /** What to store, as entered (checked here); null removes the result (the register, once nobody is mapped). */
  values: EnteredValues | null;
  /** The comment; undefined keeps the stored one (the register recomputing a share). */
  comment?: string;
  /**
   * The version the writer saw (null: it saw no result). Undefined: the route knows no version, because
   * the value is computed (register) — then the stored value is simply replaced.
   */
  expectedVersion?: number | null;
  /**
   * The writer confirms the figures the plausibility checks ask about (shared/signals.ts). Without it an
   * unusual figure is refused with the question as a field error `<prefix>.<index>.plausibility`.
   */
  plausibilityConfirmed?: boolean;
}

export interface ResultWriteRequest {
  actor: Actor;
  route: ResultRoute;
  changes: readonly ResultChange[];
  /** Today's date from the request's clock: a period that starts later cannot have results yet. */
  today: string;
  /** The timestamp the write is recorded at (`entered_at`, the audit lines). */
  at: string;
  /** The reader's language, for the value a colleague saved meanwhile quoted inside a refusal. */
  language: string;
  /** How field errors name a change: `<fieldPrefix>.<index>.<field>` (the form's inputs are `entries`). */
  fieldPrefix?: string;
  /** Told every few thousand writes: an import of 100,000 results shows its progress. */
  onProgress?: (done: number, total: number) => void;
}

export type ResultAction = "create" | "change" | "remove" | "unchanged";

export interface ResultWriteOutcome {
  /** Per change, in the order given: what happened and the result's id and version afterwards. */
  results: { indicatorId: number; periodId: number; action: ResultAction; resultId: number | null; version: number | null }[];
  created: number;
  changed: number;
  removed: number;
  unchanged: number;
}

interface IndicatorRow extends RuleColumns {
  id: number;
  pilotId: number;
  name: string;
  unit: string;
  measure: Measure;
  cumulation: Cumulation;
  kind: IndicatorKind;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  scaleMin: number | null;
  scaleMax: number | null;
  fromStakeholderRegister: number;
  indicatorArchivedAt: string | null;
  pilotStart: string;
  pilotEnd: string;
  pilotArchivedAt: string | null;
  tolerancePercent: number;
}

interface PeriodRow {
  id: number;
  pilotId: number;
  sequence: number;
  startDate: string;
  endDate: string;
  state: ReviewState | null;
  pilotArchivedAt: string | null;
}

interface StoredRow extends StoredValues {
  id: number;
  plausibilityConfirmation: string | null;
  indicatorId: number;
  periodId: number;
  sequence: number;
  endDate: string;
  comment: string;
  enteredBy: string;
  enteredAt: string;
  version: number;
}

const PROGRESS_EVERY = 5_000;
const json = (ids: Iterable<number>) => JSON.stringify([...new Set(ids)]);

function loadIndicators(db: AppDatabase, ids: Iterable<number>): Map<number, IndicatorRow> {
  const rows = prepareCached<[string], Omit<IndicatorRow, keyof RuleColumns> & RawRuleColumns>(
    db.$client,
    `SELECT i.id, i.pilot_id AS pilotId, i.name, i.unit, i.measure, i.cumulation, ${ruleColumns("i")}, i.kind, i.baseline, i.goal, i.goal_direction AS goalDirection,
            i.scale_min AS scaleMin, i.scale_max AS scaleMax, i.from_stakeholder_register AS fromStakeholderRegister, i.archived_at AS indicatorArchivedAt,
            pl.start_date AS pilotStart, pl.end_date AS pilotEnd, pl.archived_at AS pilotArchivedAt, pr.tolerance_percent AS tolerancePercent
     FROM indicators i JOIN pilots pl ON pl.id = i.pilot_id JOIN projects pr ON pr.id = pl.project_id
     WHERE i.id IN (SELECT value FROM json_each(?))`,
  ).all(json(ids));
  return new Map(rows.map((r) => [r.id, { ...r, ...ruleFieldsOf(r) }]));
}

function loadPeriods(db: AppDatabase, ids: Iterable<number>): Map<number, PeriodRow> {
  const rows = prepareCached<[string], PeriodRow>(
    db.$client,
    `SELECT rp.id, rp.pilot_id AS pilotId, rp.sequence, rp.start_date AS startDate, rp.end_date AS endDate, r.state, pl.archived_at AS pilotArchivedAt
     FROM reporting_periods rp JOIN pilots pl ON pl.id = rp.pilot_id LEFT JOIN period_reports r ON r.period_id = rp.id
     WHERE rp.id IN (SELECT value FROM json_each(?))`,
  ).all(json(ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every stored result of the indicators, in period order: the totals before any period follow from it. */
function loadStoredResults(db: AppDatabase, indicatorIds: Iterable<number>): StoredRow[] {
  return prepareCached<[string], StoredRow>(
    db.$client,
    `SELECT r.id, r.indicator_id AS indicatorId, r.period_id AS periodId, r.period_sequence AS sequence, p.end_date AS endDate,
            r.value, r.respondents, r.numerator, r.denominator, r.comment, r.entered_by AS enteredBy, r.entered_at AS enteredAt, r.version,
            r.plausibility_confirmation AS plausibilityConfirmation
     FROM results r JOIN reporting_periods p ON p.id = r.period_id
     WHERE r.indicator_id IN (SELECT value FROM json_each(?))
     ORDER BY r.indicator_id, r.period_sequence`,
  ).all(json(indicatorIds));
}

const sameValues = (a: StoredValues, b: StoredValues) => a.value === b.value && a.respondents === b.respondents && a.numerator === b.numerator && a.denominator === b.denominator;
const valuesOf = (r: StoredValues): StoredValues => ({ value: r.value, respondents: r.respondents, numerator: r.numerator, denominator: r.denominator });
const key = (indicatorId: number, periodId: number) => `${indicatorId}:${periodId}`;

/**
 * The running totals of one indicator before each period, once the write is applied: what the
 * explanation rule compares a value with. Periods are folded in order, so a batch that writes several
 * periods of an indicator (an import) judges each one on the periods before it as they will be stored.
 */
function totalsBeforeAfterWrite(stored: readonly StoredRow[], planned: ReadonlyMap<number, { endDate: string; values: StoredValues | null }>): (sequence: number) => ResultTotals {
  const bySequence = new Map<number, { endDate: string; values: StoredValues }>();
  for (const row of stored) bySequence.set(row.sequence, { endDate: row.endDate, values: row });
  for (const [sequence, write] of planned) {
    if (write.values) bySequence.set(sequence, { endDate: write.endDate, values: write.values });
    else bySequence.delete(sequence);
  }
  const sequences = [...bySequence.keys()].sort((a, b) => a - b);
  const prefix: { sequence: number; totals: ResultTotals }[] = [];
  let totals = emptyTotals;
  for (const sequence of sequences) {
    const { endDate, values } = bySequence.get(sequence)!;
    totals = appendToTotals(totals, values, endDate);
    prefix.push({ sequence, totals });
  }
  return (sequence) => {
    let before = emptyTotals;
    for (const entry of prefix) {
      if (entry.sequence >= sequence) break;
      before = entry.totals;
    }
    return before;
  };
}

function auditValues(values: StoredValues, comment: string, sequence: number) {
  return { ...valuesOf(values), comment, periodSequence: sequence };
}

/**
 * Writes results through the rules above. Call it inside an IMMEDIATE transaction (`writeTransaction`)
 * together with whatever else the route changes, so that all of it commits or none does. Any refusal
 * throws before anything is written: field errors are keyed `changes.<index>.<field>` (or the request's `fieldPrefix`).
 */
export function writeResults(db: AppDatabase, request: ResultWriteRequest): ResultWriteOutcome {
  if (!db.$client.inTransaction) throw new Error("writeResults must run inside the write's transaction");
  const { actor, route, changes } = request;
  const prefix = request.fieldPrefix ?? "changes";
  if (actor.id === null) throw userError("UNAUTHORIZED", message("shell.signInToContinue"));
  const outcome: ResultWriteOutcome = { results: [], created: 0, changed: 0, removed: 0, unchanged: 0 };
  if (changes.length === 0) return outcome;

  const indicatorById = loadIndicators(
    db,
    changes.map((c) => c.indicatorId),
  );
  const periodById = loadPeriods(
    db,
    changes.map((c) => c.periodId),
  );

  // Whole-write refusals first, so that nobody corrects values only to learn the period is locked.
  changes.forEach((change, index) => {
    const period = periodById.get(change.periodId);
    if (period) assertPeriodWritable(period, request.today, `${prefix}.${index}.periodId`);
  });

  const seen = new Set<string>();
  const fieldErrors: Record<string, Message> = {};
  changes.forEach((change, index) => {
    const at = `${prefix}.${index}`;
    const indicator = indicatorById.get(change.indicatorId);
    const period = periodById.get(change.periodId);
    if (!indicator || !period || indicator.pilotId !== period.pilotId || indicator.indicatorArchivedAt) {
      fieldErrors[`${at}.indicatorId`] = message("entry.errors.indicatorNotInPilot");
      return;
    }
    if (seen.has(key(change.indicatorId, change.periodId))) fieldErrors[`${at}.indicatorId`] = message("entry.errors.indicatorMoreThanOnce", { id: change.indicatorId });
    seen.add(key(change.indicatorId, change.periodId));
    if (Boolean(indicator.fromStakeholderRegister) !== (route === "register")) {
      // Said as the refusal itself: the person learns at once where this value comes from.
      if (route !== "register") {
        const refusal = message("entry.errors.fromRegister", { name: indicator.name });
        throw invalidInput(refusal, { [`${at}.indicatorId`]: refusal });
      }
      fieldErrors[`${at}.indicatorId`] = message("entry.errors.indicatorNotInPilot");
    }
  });
  if (Object.keys(fieldErrors).length > 0) throw invalidInput(message("entry.errors.valuesNeedAttention", { count: Object.keys(fieldErrors).length }), fieldErrors);

  // Values for the indicator's measure: what is stored is derived here, never taken as sent.
  const planned = changes.map((change, index) => {
    const indicator = indicatorById.get(change.indicatorId)!;
    if (change.values === null) return { change, index, indicator, values: null };
    const check = checkEnteredValues(indicator, change.values);
    if (!check.ok) {
      for (const [field, problem] of Object.entries(check.fieldErrors)) fieldErrors[`${prefix}.${index}.${field}`] = problem;
      return { change, index, indicator, values: null };
    }
    return { change, index, indicator, values: check.values };
  });
  if (Object.keys(fieldErrors).length > 0) throw invalidInput(message("entry.errors.valuesNeedAttention", { count: Object.keys(fieldErrors).length }), fieldErrors);

  // The stored result of each change: one index seek each (results_indicator_period).
  const selectStored = prepareCached<[number, number], StoredRow>(
    db.$client,
    `SELECT id, indicator_id AS indicatorId, period_id AS periodId, period_sequence AS sequence, value, respondents, numerator, denominator,
            comment, entered_by AS enteredBy, entered_at AS enteredAt, version, plausibility_confirmation AS plausibilityConfirmation
     FROM results WHERE indicator_id = ? AND period_id = ?`,
  );

  // Staleness and "unchanged", decided one way for every route.
  const decided = planned.map((item) => {
    const { change, indicator } = item;
    const period = periodById.get(change.periodId)!;
    const existing = selectStored.get(change.indicatorId, change.periodId) ?? null;
    if (change.expectedVersion !== undefined && (existing?.version ?? null) !== change.expectedVersion) {
      throw conflict(
        existing
          ? message(existing.comment ? "entry.errors.changedMeanwhileWithComment" : "entry.errors.changedMeanwhile", {
              name: indicator.name,
              who: existing.enteredBy,
              at: existing.enteredAt.slice(0, 16).replace("T", " "),
              now: translate(request.language, storedValueMessage(indicator, existing)),
              comment: existing.comment,
            })
          : message("entry.errors.resultGone", { name: indicator.name }),
      );
    }
    const comment = change.comment === undefined ? (existing?.comment ?? "") : change.comment.trim();
    const action: ResultAction =
      item.values === null
        ? existing
          ? "remove"
          : "unchanged"
        : !existing
          ? "create"
          : sameValues(existing, item.values) && existing.comment === comment
            ? "unchanged"
            : "change";
    return { ...item, period, existing, comment, action };
  });

  // The explanation rule, on the totals as they will be once everything in this write is stored. A value
  // with a comment meets it whatever its status, so only the others are judged (most of a large import).
  const needsJudging = decided.filter((item) => (item.action === "create" || item.action === "change") && item.comment === "" && !item.indicator.fromStakeholderRegister);
  if (needsJudging.length > 0) {
    const writesByIndicator = new Map<number, Map<number, { endDate: string; values: StoredValues | null }>>();
    for (const item of decided) {
      if (item.action === "unchanged") continue;
      let writes = writesByIndicator.get(item.indicator.id);
      if (!writes) writesByIndicator.set(item.indicator.id, (writes = new Map()));
      writes.set(item.period.sequence, { endDate: item.period.endDate, values: item.values });
    }
    const judged = new Set(needsJudging.map((item) => item.indicator.id));
    const storedByIndicator = new Map<number, StoredRow[]>();
    for (const row of loadStoredResults(db, judged)) {
      const list = storedByIndicator.get(row.indicatorId);
      if (list) list.push(row);
      else storedByIndicator.set(row.indicatorId, [row]);
    }
    const totalsBefore = new Map(
      [...judged].map((indicatorId) => [indicatorId, totalsBeforeAfterWrite(storedByIndicator.get(indicatorId) ?? [], writesByIndicator.get(indicatorId)!)]),
    );
    for (const item of needsJudging) {
      const progress = progressAtPeriodEndFromTotals({
        indicator: item.indicator,
        pilot: { startDate: item.indicator.pilotStart, endDate: item.indicator.pilotEnd },
        tolerancePercent: item.indicator.tolerancePercent,
        period: { sequence: item.period.sequence, endDate: item.period.endDate },
        values: item.values!,
        totalsBefore: totalsBefore.get(item.indicator.id)!(item.period.sequence),
      });
      const explanation = missingExplanation(progress, item.comment);
      if (explanation) fieldErrors[`${prefix}.${item.index}.comment`] = explanation;
    }
  }
  if (Object.keys(fieldErrors).length > 0) throw invalidInput(message("entry.errors.valuesNeedAttention", { count: Object.keys(fieldErrors).length }), fieldErrors);

  // Plausibility: unusual figures are asked about before they are saved, and a confirmation is kept.
  const confirmations = judgePlausibility(db, decided, prefix);
  if (confirmations.questions) throw invalidInput(message("signals.plausibility.confirmToSave"), confirmations.questions);

  const enteredAt = request.at;
  const insert = prepareCached(
    db.$client,
    `INSERT INTO results (indicator_id, period_id, pilot_id, period_sequence, value, respondents, numerator, denominator, comment, entered_by, entered_at, plausibility_confirmation)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = prepareCached(
    db.$client,
    `UPDATE results SET value = ?, respondents = ?, numerator = ?, denominator = ?, comment = ?, entered_by = ?, entered_at = ?, plausibility_confirmation = ?, version = version + 1
     WHERE id = ? AND version = ?`,
  );
  const remove = prepareCached(db.$client, `DELETE FROM results WHERE id = ? AND version = ?`);

  const audit: AuditEntry[] = [];
  const touched = new Map<number, number>();
  let done = 0;
  for (const item of decided) {
    if (request.onProgress && ++done % PROGRESS_EVERY === 0) request.onProgress(done, decided.length);
    const { indicator, period, existing, comment, values, action } = item;
    const confirmation = confirmations.stored.get(item.index) ?? null;
    const base = { indicatorId: indicator.id, periodId: period.id };
    if (action === "unchanged") {
      outcome.unchanged++;
      outcome.results.push({ ...base, action, resultId: existing?.id ?? null, version: existing?.version ?? null });
      continue;
    }
    const before = existing ? auditValues(existing, existing.comment, period.sequence) : undefined;
    let resultId: number;
    let version: number | null;
    if (action === "create") {
      const v = values!;
      resultId = Number(
        insert.run(indicator.id, period.id, indicator.pilotId, period.sequence, v.value, v.respondents, v.numerator, v.denominator, comment, actor.name, enteredAt, confirmation)
          .lastInsertRowid,
      );
      version = 1;
      outcome.created++;
    } else if (action === "change") {
      // The version was read in this transaction: a miss means a bug, not a colleague, but never overwrite.
      const v = values!;
      if (update.run(v.value, v.respondents, v.numerator, v.denominator, comment, actor.name, enteredAt, confirmation, existing!.id, existing!.version).changes !== 1)
        throw conflict(message("entry.errors.resultGone", { name: indicator.name }));
      resultId = existing!.id;
      version = existing!.version + 1;
      outcome.changed++;
    } else {
      if (remove.run(existing!.id, existing!.version).changes !== 1) throw conflict(message("entry.errors.resultGone", { name: indicator.name }));
      resultId = existing!.id;
      version = null;
      outcome.removed++;
    }
    audit.push({
      entityType: "result",
      entityId: resultId,
      action: action === "remove" ? "delete" : action,
      before,
      // The route a figure came by (form, import, register, api) is kept with what it wrote.
      after: values
        ? { ...auditValues(values, comment, period.sequence), source: route, ...(confirmation ? { plausibilityConfirmation: JSON.parse(confirmation) } : {}) }
        : undefined,
      pilotId: indicator.pilotId,
      indicatorId: indicator.id,
    });
    touched.set(indicator.id, Math.min(touched.get(indicator.id) ?? Infinity, period.sequence));
    outcome.results.push({ ...base, action, resultId, version });
  }

  if (touched.size > 0)
    refreshCumulativeTotals(
      db,
      [...touched.keys()],
      [...touched.values()].reduce((a, b) => Math.min(a, b)),
    );
  writeAuditLines(db, actor, audit, enteredAt);
  request.onProgress?.(decided.length, decided.length);
  return outcome;
}

/** The lock every write to a period's results obeys: an archived pilot, a submitted or approved period, a period not yet started. */
function assertPeriodWritable(period: PeriodRow, today: string, field: string): void {
  if (period.pilotArchivedAt) throw userError("PRECONDITION_FAILED", message("entry.errors.pilotArchived"));
  if (period.state && !isEditable(period.state))
    throw userError("PRECONDITION_FAILED", message(period.state === "approved" ? "periods.locked.approved" : "periods.locked.submitted"));
  if (period.startDate > today) throw invalidInput(message("entry.errors.periodNotStarted"), { [field]: message("entry.errors.enterFrom", { day: period.startDate }) });
}

/**
 * The same locks for what hangs on a result (its evidence, server/writes/evidence.ts): the indicator is an
 * active one of the period's pilot, and the period is writable. Returns the pilot's id.
 */
export function assertResultWritable(db: AppDatabase, target: { indicatorId: number; periodId: number }, today: string, field = "periodId"): number {
  const indicator = loadIndicators(db, [target.indicatorId]).get(target.indicatorId);
  const period = loadPeriods(db, [target.periodId]).get(target.periodId);
  if (!indicator || !period || indicator.pilotId !== period.pilotId || indicator.indicatorArchivedAt) {
    const refusal = message("entry.errors.indicatorNotInPilot");
    throw invalidInput(refusal, { indicatorId: refusal });
  }
  assertPeriodWritable(period, today, field);
  return period.pilotId;
}

interface PlausibilityItem {
  index: number;
  change: ResultChange;
  indicator: IndicatorRow;
  period: PeriodRow;
  existing: StoredRow | null;
  values: StoredValues | null;
  action: ResultAction;
}

/**
 * The plausibility checks of every created or changed value, each judged against the period before it as
 * it will be stored once this whole write is applied. Returns the questions to ask (field errors) when a
 * warned value is not confirmed, else the confirmation to store per change (JSON; null when nothing was
 * asked). A change of the comment alone keeps the stored confirmation. The register's computed shares
 * are counted from the register, not typed, so nothing is asked about them (as with explanations).
 */
function judgePlausibility(
  db: AppDatabase,
  decided: readonly PlausibilityItem[],
  prefix: string,
): { questions: Record<string, Message> | null; stored: Map<number, string | null> } {
  const stored = new Map<number, string | null>();
  const judged = decided.filter((item) => {
    if (item.action !== "create" && item.action !== "change") return false;
    if (item.existing && item.values && sameValues(item.existing, item.values)) {
      stored.set(item.index, item.existing.plausibilityConfirmation);
      return false;
    }
    return !item.indicator.fromStakeholderRegister;
  });
  if (judged.length === 0) return { questions: null, stored };

  // The values of each judged indicator by period, as they will be once this write is stored.
  const indicatorIds = new Set(judged.map((item) => item.indicator.id));
  const bySequence = new Map<number, Map<number, StoredValues>>();
  for (const row of loadStoredResults(db, indicatorIds)) {
    let own = bySequence.get(row.indicatorId);
    if (!own) bySequence.set(row.indicatorId, (own = new Map()));
    own.set(row.sequence, valuesOf(row));
  }
  for (const item of decided) {
    if (!indicatorIds.has(item.indicator.id) || item.action === "unchanged") continue;
    let own = bySequence.get(item.indicator.id);
    if (!own) bySequence.set(item.indicator.id, (own = new Map()));
    if (item.values) own.set(item.period.sequence, item.values);
    else own.delete(item.period.sequence);
  }
  const previousOf = (indicatorId: number, sequence: number): StoredValues | null => {
    let best: { sequence: number; values: StoredValues } | null = null;
    for (const [s, values] of bySequence.get(indicatorId) ?? []) if (s < sequence && (!best || s > best.sequence)) best = { sequence: s, values };
    return best?.values ?? null;
  };
  const registerSizes = new Map<number, number>();
  const registerSize = (pilotId: number) => {
    if (!registerSizes.has(pilotId))
      registerSizes.set(
        pilotId,
        prepareCached<[number], { size: number }>(db.$client, `SELECT count(*) AS size FROM stakeholders WHERE pilot_id = ? AND archived_at IS NULL`).get(pilotId)!.size,
      );
    return registerSizes.get(pilotId)!;
  };

  const questions: Record<string, Message> = {};
  for (const item of judged) {
    const warnings: PlausibilityWarning[] = plausibilityWarnings({
      indicator: item.indicator,
      values: item.values!,
      previous: previousOf(item.indicator.id, item.period.sequence),
      registerSize: item.indicator.measure === "score" ? registerSize(item.indicator.pilotId) : null,
    });
    const confirmation = confirmationOf(warnings);
    if (confirmation && !item.change.plausibilityConfirmed) {
      // One field per question, so the form lists each beside the value it asks about.
      warnings.forEach((warning, n) => {
        questions[`${prefix}.${item.index}.plausibility${n === 0 ? "" : n + 1}`] = warning.message;
      });
    }
    stored.set(item.index, confirmation ? JSON.stringify(confirmation) : null);
  }
  return { questions: Object.keys(questions).length > 0 ? questions : null, stored };
}

/** The write's transaction: IMMEDIATE, so that the rows every check reads are the rows the write builds on. */
export function writeTransaction<T>(db: AppDatabase, work: () => T): T {
  return db.transaction(() => work(), { behavior: "immediate" });
}
