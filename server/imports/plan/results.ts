import type { IsoDate } from "../../../shared/dates";
import { hasNoValues, mapHeader, readResultRow, resultFieldColumns, RowReader, type ResultRowValues, type RowAction } from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import { messageOfIssue } from "../../../shared/i18n/translateIssue";
import { emptyTotals, type ResultTotals } from "../../../shared/progress";
import { appendToTotals, checkEnteredValues, progressAtPeriodEndFromTotals, type StoredValues } from "../../../shared/resultRules";
import { MAX_MAGNITUDE, resultEntry } from "../../../shared/schemas";
import type { SheetData } from "../readSpreadsheet";
import type { PlanState } from "./state";
import type { StoredResult } from "./store";
import { describeValues } from "./text";
import { nameKey, type IndicatorPlan, type PeriodSlot, type PilotPlan, type ResultWrite } from "./types";

/**
 * The Results sheet: each row is checked with the period form's rules (shared/resultRules.ts), then
 * compared with the stored results; only rows that would create or change a result are written, and
 * those are held to the explanation rule with the running totals of the earlier periods.
 * The "Entered by" column is not read: results are recorded under the person who imports (the preview says so).
 */
export function planResults(state: PlanState, sheet: SheetData): void {
  const required = state.options.pilotId === null ? ["Project", "Pilot", "Period"] : ["Period"];
  const { positions, problems: headerProblems } = mapHeader("results", sheet.name, sheet.rows[0] ?? [], required);
  if (!positions.has("Code") && !positions.has("Indicator"))
    headerProblems.push({ sheet: sheet.name, row: 1, column: "Indicator", message: message("importFile.problems.codeOrIndicatorMissing") });
  state.addProblems(headerProblems);
  if (headerProblems.length > 0) return;
  const enteredBy = positions.get("Entered by");
  if (enteredBy !== undefined && sheet.rows.slice(1).some((cells) => cells[enteredBy] !== null && cells[enteredBy] !== undefined && String(cells[enteredBy]).trim() !== ""))
    state.notices.push(message("importFile.notices.enteredByIgnored"));
  const checked = checkRows(state, sheet, positions);
  compareWithStored(state, sheet.name, checked);
}

/** The rows that passed every check of their own, by indicator, in file order. */
function checkRows(state: PlanState, sheet: SheetData, positions: ReturnType<typeof mapHeader<"results">>["positions"]): Map<IndicatorPlan, ResultWrite[]> {
  const checkedByIndicator = new Map<IndicatorPlan, ResultWrite[]>();
  const seen = new Map<IndicatorPlan, Map<number, number>>();
  sheet.rows.slice(1).forEach((cells, index) => {
    state.tick();
    const reader = new RowReader<"results">(sheet.name, index + 2, cells, positions, state.options.numberLocale);
    if (reader.isBlank()) return;
    const row = readResultRow(reader);
    checkResultRowLimits(reader, row);
    if (reader.problems.length === 0 && hasNoValues(row)) {
      state.counts.blankResultRows++;
      return;
    }
    const pilot = state.pilotOfRow(reader);
    let indicator: IndicatorPlan | undefined;
    let period: PeriodSlot | undefined;
    if (pilot) {
      if (pilot.archived) reader.problem("Pilot", message("importFile.problems.pilotArchived", { title: pilot.title }));
      if (row.code === "" && row.indicator === "") reader.problem("Indicator", message("importFile.problems.nameIndicator"));
      else {
        indicator = row.code ? pilot.indicatorsByCode.get(nameKey(row.code)) : pilot.indicatorsByName.get(nameKey(row.indicator));
        if (!indicator) reader.problem(row.code ? "Code" : "Indicator", message("importFile.problems.unknownIndicator", { name: row.code || row.indicator, pilot: pilot.title }));
        else if (indicator.archived) reader.problem("Indicator", message("importFile.problems.indicatorArchivedResults", { name: indicator.fields.name }));
        // Said at the preview; the write path refuses it again at commit (docs/decisions/013).
        else if (indicator.fields.fromStakeholderRegister) reader.problem("Indicator", message("entry.errors.fromRegister", { name: indicator.fields.name }));
      }
      period = findPeriod(reader, pilot, row, state.options.today);
    }
    if (indicator && period) {
      let rowsBySequence = seen.get(indicator);
      if (!rowsBySequence) seen.set(indicator, (rowsBySequence = new Map()));
      const earlier = rowsBySequence.get(period.sequence);
      if (earlier !== undefined) reader.problem("Period", message("importFile.problems.resultTwice", { row: earlier }));
      else rowsBySequence.set(period.sequence, reader.rowNumber);
    }
    const readable = row.value !== undefined && row.respondents !== undefined && row.numerator !== undefined && row.denominator !== undefined;
    let values: StoredValues | null = null;
    if (indicator && readable) {
      const check = checkEnteredValues(indicator.fields, { value: row.value!, respondents: row.respondents!, numerator: row.numerator!, denominator: row.denominator! });
      if (check.ok) values = check.values;
      else for (const [field, text] of Object.entries(check.fieldErrors)) reader.problem(resultFieldColumns[field as keyof typeof resultFieldColumns], text);
    }
    if (reader.problems.length > 0 || !indicator || !period || !values) return void state.addProblems(reader.problems);
    const write: ResultWrite = { row: reader.rowNumber, indicator, period, values, comment: row.comment, existing: null };
    const list = checkedByIndicator.get(indicator);
    if (list) list.push(write);
    else checkedByIndicator.set(indicator, [write]);
  });
  return checkedByIndicator;
}

/** Compares the checked rows with the stored results, and applies the explanation rule to what would be written. */
function compareWithStored(state: PlanState, sheetName: string, checkedByIndicator: Map<IndicatorPlan, ResultWrite[]>): void {
  const storedIndicatorIds = [...checkedByIndicator.keys()].filter((i) => i.id !== null).map((i) => i.id!);
  state.resultIndicatorIds.push(...storedIndicatorIds);
  const storedResults = new Map<number, Map<number, StoredResult>>();
  for (const r of state.store.results(storedIndicatorIds)) {
    let bySequence = storedResults.get(r.indicatorId);
    if (!bySequence) storedResults.set(r.indicatorId, (bySequence = new Map()));
    bySequence.set(r.sequence, r);
  }
  for (const [indicator, checked] of checkedByIndicator) {
    const stored = (indicator.id === null ? undefined : storedResults.get(indicator.id)) ?? new Map<number, StoredResult>();
    const imported = new Map(checked.map((c) => [c.period.sequence, c]));
    const pilot = indicator.pilot;
    // The running totals matter only for rows without a comment (the explanation rule).
    const needsTotals = checked.some((c) => c.comment === "");
    let totals: ResultTotals = emptyTotals;
    // Periods in order; a pilot has at most a few dozen.
    for (const period of pilot.periods) {
      const sequence = period.sequence;
      const item = imported.get(sequence);
      const before = stored.get(sequence);
      if (!item && !before) continue;
      const endDate = period.endDate;
      if (item) {
        item.existing = before ? { id: before.id, version: before.version } : null;
        const unchanged = before !== undefined && sameValues(before, item.values) && before.comment === item.comment;
        const action: RowAction = unchanged ? "unchanged" : before ? "change" : "create";
        // A row with a comment meets the explanation rule whatever its status, so only the others are evaluated.
        if (action !== "unchanged" && item.comment === "") {
          const progress = progressAtPeriodEndFromTotals({
            indicator: indicator.fields,
            pilot: { startDate: pilot.startDate, endDate: pilot.endDate },
            tolerancePercent: pilot.project.tolerancePercent,
            period: { sequence, endDate },
            values: item.values,
            totalsBefore: totals,
          });
          if (progress.needsExplanation) {
            state.addProblems([{ sheet: sheetName, row: item.row, column: "Comment", message: message("importFile.problems.explainShortfall") }]);
            continue;
          }
        }
        if (action !== "unchanged") state.resultWrites.push(item);
        state.count("results", action);
        state.listRow(sheetName, item.row, action, () => ({
          label: message("importFile.rows.resultLabel", { pilot: pilot.title, indicator: indicator.fields.name, sequence }),
          detail: describeValues(indicator.fields.measure, item.values, item.comment),
        }));
        if (needsTotals) totals = appendToTotals(totals, item.values, endDate);
      } else if (before && needsTotals) {
        totals = appendToTotals(totals, storedValuesOf(before), endDate);
      }
    }
  }
}

const storedValuesOf = (r: StoredResult): StoredValues => ({ value: r.value, respondents: r.respondents, numerator: r.numerator, denominator: r.denominator });

/** A percentage's value is derived from its numerator and denominator (and rounded), so those decide. */
export const sameValues = (a: StoredValues, b: StoredValues) =>
  a.respondents === b.respondents && a.numerator === b.numerator && a.denominator === b.denominator && (b.numerator !== null || a.value === b.value);

const periodMaps = new WeakMap<PilotPlan, Map<number, PeriodSlot>>();
function periodBySequence(pilot: PilotPlan): Map<number, PeriodSlot> {
  let map = periodMaps.get(pilot);
  if (!map) periodMaps.set(pilot, (map = new Map(pilot.periods.map((p) => [p.sequence, p]))));
  return map;
}

/** The row's period: by number, else by start date; its start and end, if given, must match. */
export function findPeriod(
  reader: RowReader<"results">,
  pilot: PilotPlan,
  row: Pick<ResultRowValues, "period" | "periodStart" | "periodEnd">,
  today: IsoDate,
): PeriodSlot | undefined {
  const { period: sequence, periodStart: start, periodEnd: end } = row;
  if (sequence === undefined || start === undefined || end === undefined) return undefined;
  // The pilot's span: "periods 1 to 4, 2020-09-01 to 2021-08-31", or that it has none.
  const spanned = (key: string, values: Record<string, string | number>) =>
    pilot.periods.length > 0 ? message(key, { ...values, periods: pilot.periods.length, start: pilot.startDate, end: pilot.endDate }) : message(`${key}NoPeriods`, values);
  let period: PeriodSlot | undefined;
  if (sequence !== null) {
    period = periodBySequence(pilot).get(sequence);
    if (!period) return void reader.problem("Period", spanned("importFile.problems.periodOutside", { sequence, title: pilot.title }));
  } else if (start !== null) {
    period = pilot.periods.find((p) => p.startDate === start);
    if (!period) return void reader.problem("Period start", spanned("importFile.problems.noPeriodStarts", { title: pilot.title, day: start }));
  } else {
    return void reader.problem("Period", message("importFile.problems.givePeriod"));
  }
  if (start !== null && start !== period.startDate)
    reader.problem("Period start", message("importFile.problems.periodStartsOn", { sequence: period.sequence, day: period.startDate, given: start }));
  if (end !== null && end !== period.endDate)
    reader.problem("Period end", message("importFile.problems.periodEndsOn", { sequence: period.sequence, day: period.endDate, given: end }));
  if (period.startDate > today) reader.problem("Period", message("importFile.problems.periodNotStarted", { sequence: period.sequence, day: period.startDate }));
  return period;
}

/**
 * The period form's limits on what a result may hold (shared/schemas.ts), for the rows of a file: numbers
 * within ±10¹² (a count of 1e300 would make the running totals absurd or infinite) and a comment of at most
 * 5,000 characters without control characters. A value over the limit is dropped from the row (undefined),
 * as an unreadable one is, so the row is not written.
 */
export function checkResultRowLimits(reader: RowReader<"results">, row: ResultRowValues): void {
  const numbers = [
    ["value", "Value"],
    ["respondents", "Respondents"],
    ["numerator", "Numerator"],
    ["denominator", "Denominator"],
  ] as const;
  for (const [field, column] of numbers) {
    const value = row[field];
    if (typeof value === "number" && Math.abs(value) > MAX_MAGNITUDE) {
      reader.problem(column, message("validation.tooLarge"));
      row[field] = undefined;
    }
  }
  const comment = resultEntry.shape.comment.safeParse(row.comment);
  if (!comment.success) reader.problem("Comment", messageOfIssue(comment.error.issues[0]!));
}
