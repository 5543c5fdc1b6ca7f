import type { Cumulation, DeliveryProfile, EntryForm, GoalDirection, IndicatorKind, LevelAggregation, Measure, MilestoneShape } from "../../../shared/domain";
import {
  cumulationCell,
  deliveryCell,
  entryFormCell,
  goalDirectionCell,
  levelAggregationCell,
  milestonesCell,
  milestoneShapeCell,
  yesNoCell,
  type MilestoneCell,
  indicatorFieldColumns,
  kindCell,
  mapHeader,
  measureCell,
  numberCell,
  requiredColumns,
  RowReader,
  type ColumnName,
  type RowAction,
} from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import type { RevisedField } from "../../../shared/domain";
import { revisedFieldsChanged, revisionNeedsReason } from "../../../shared/revisions";
import { indicatorFields } from "../../../shared/schemas";
import type { SheetData } from "../readSpreadsheet";
import type { PlanState } from "./state";
import { addZodProblems, describeIndicator } from "./text";
import { nameKey, type IndicatorDefinition, type IndicatorPlan, type PilotPlan } from "./types";

/** A row of the Indicators sheet as read; `pilotId` is a placeholder for the schema (the pilot is found by name). */
export interface IndicatorRow {
  pilotId: number;
  code: string | null;
  name: string;
  kind: IndicatorKind | undefined;
  measure: Measure | undefined;
  cumulation: Cumulation | undefined;
  unit: string;
  baseline: number | undefined;
  goal: number | undefined;
  goalDirection: GoalDirection | undefined;
  goalText: string;
  scaleMin: number | null;
  scaleMax: number | null;
  displayOrder: number | undefined;
  /** Issue 23's columns: undefined where the sheet has no such column or the cell is empty (the default, or the stored value, holds). */
  levelAggregation?: LevelAggregation;
  entryForm?: EntryForm;
  wholeNumbers?: boolean;
  delivery?: DeliveryProfile;
  milestoneShape?: MilestoneShape;
  milestones?: MilestoneCell[];
}

/** The kinds-and-profiles fields the row gives, leaving out those it leaves empty. */
function kindFieldsOf(reader: RowReader<"indicators">): Partial<IndicatorRow> {
  const fields: Partial<IndicatorRow> = {};
  const levelAggregation = reader.read("Level current", levelAggregationCell);
  if (levelAggregation) fields.levelAggregation = levelAggregation;
  const entryForm = reader.read("Entry form", entryFormCell);
  if (entryForm) fields.entryForm = entryForm;
  const wholeNumbers = reader.read("Whole numbers", yesNoCell);
  if (wholeNumbers !== null && wholeNumbers !== undefined) fields.wholeNumbers = wholeNumbers;
  const delivery = reader.read("Delivery", deliveryCell);
  if (delivery) fields.delivery = delivery;
  const milestoneShape = reader.read("Milestone shape", milestoneShapeCell);
  if (milestoneShape) fields.milestoneShape = milestoneShape;
  // A sheet with the Delivery column says the milestones too (an empty cell is none); without it they stay.
  const milestones = reader.read("Milestones", milestonesCell);
  if (milestones && (milestones.length > 0 || reader.has("Delivery"))) fields.milestones = milestones;
  return fields;
}

/** Reads the row, with a problem for each cell it cannot read and for a missing kind, measure or goal. */
export function readIndicatorRow(reader: RowReader<"indicators">): IndicatorRow {
  const measure = reader.read("Measure", measureCell);
  const kind = reader.read("Kind", kindCell);
  const optionalNumber = (column: ColumnName<"indicators">) => reader.read(column, numberCell) ?? undefined;
  const displayOrder = optionalNumber("Order");
  const row: IndicatorRow = {
    pilotId: 1,
    code: reader.text("Code") || null,
    name: reader.text("Indicator"),
    kind: kind ?? undefined,
    measure: measure ?? undefined,
    cumulation: reader.read("Cumulation", cumulationCell) ?? undefined,
    unit: reader.text("Unit"),
    baseline: optionalNumber("Baseline"),
    goal: reader.read("Goal", numberCell) ?? undefined,
    goalDirection: reader.read("Goal direction", goalDirectionCell) ?? undefined,
    goalText: reader.text("Goal text"),
    scaleMin: reader.read("Scale min", numberCell) ?? null,
    scaleMax: reader.read("Scale max", numberCell) ?? null,
    displayOrder,
    ...kindFieldsOf(reader),
  };
  if (kind === null) reader.problem("Kind", message("importFile.problems.giveKind"));
  if (measure === null) reader.problem("Measure", message("importFile.problems.giveMeasure"));
  if (row.goal === undefined && reader.text("Goal") === "") reader.problem("Goal", message("importFile.problems.giveGoal"));
  return row;
}

const definitionKeys = [
  "code",
  "name",
  "kind",
  "measure",
  "cumulation",
  "unit",
  "baseline",
  "goal",
  "goalDirection",
  "goalText",
  "scaleMin",
  "scaleMax",
  "displayOrder",
  "levelAggregation",
  "entryForm",
  "wholeNumbers",
  "delivery",
  "milestoneShape",
  "milestones",
] as const;

/** Plain values compare as they are; the milestones by their dates and targets. */
const sameValue = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a ?? []) === JSON.stringify(b ?? []) : (a ?? null) === (b ?? null));

export function sameDefinition(a: IndicatorDefinition, b: IndicatorDefinition): boolean {
  return definitionKeys.every((k) => sameValue(a[k], b[k]));
}

/** The fields that differ, before and after: what an audit line of a changed indicator records. */
export function changedDefinition(before: IndicatorDefinition, after: IndicatorDefinition): { before: Partial<IndicatorDefinition>; after: Partial<IndicatorDefinition> } {
  const changed = definitionKeys.filter((k) => !sameValue(before[k], after[k]));
  return { before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])) };
}

/** Where a revised field is in the Indicators sheet, for the problem that refuses its change. */
const revisedFieldColumns: Record<RevisedField, ColumnName<"indicators">> = { goal: "Goal", baseline: "Baseline", milestones: "Milestones" };

const kindKeys = ["levelAggregation", "entryForm", "wholeNumbers", "delivery", "milestoneShape", "milestones"] as const;

function storedIndicatorOf(pilot: PilotPlan, row: IndicatorRow): IndicatorPlan | undefined {
  return (row.code ? pilot.indicatorsByCode.get(nameKey(row.code)) : undefined) ?? pilot.indicatorsByName.get(nameKey(row.name));
}

/**
 * The Indicators sheet: indicators are found by code, else by name, in their pilot; new ones are created,
 * changed ones updated under the set-up page's rules (measure and cumulation fixed once results exist, a
 * scale must keep the stored scores).
 */
export function planIndicators(state: PlanState, sheet: SheetData): void {
  const required = state.options.pilotId === null ? ["Project", "Pilot", ...requiredColumns.indicators] : requiredColumns.indicators;
  const { positions, problems: headerProblems } = mapHeader("indicators", sheet.name, sheet.rows[0] ?? [], required);
  state.addProblems(headerProblems);
  if (headerProblems.length > 0) return;
  const seen = new Map<IndicatorPlan, number>();
  sheet.rows.slice(1).forEach((cells, index) => {
    state.tick();
    const reader = new RowReader<"indicators">(sheet.name, index + 2, cells, positions, state.options.numberLocale);
    if (reader.isBlank()) return;
    const pilot = state.pilotOfRow(reader);
    const row = readIndicatorRow(reader);
    // A stored indicator keeps what the sheet leaves empty: fill those from it before the schema's defaults do.
    const stored = pilot ? storedIndicatorOf(pilot, row) : undefined;
    if (stored) for (const key of kindKeys) if (row[key] === undefined) (row as unknown as Record<string, unknown>)[key] = stored.fields[key];
    const parsed = reader.problems.length === 0 ? indicatorFields.safeParse(row) : null;
    if (parsed && !parsed.success) addZodProblems(reader, parsed.error, indicatorFieldColumns);
    if (!pilot || !parsed?.success) return void state.addProblems(reader.problems);
    const { pilotId: _placeholder, ...fields } = parsed.data;
    const existing = (fields.code ? pilot.indicatorsByCode.get(nameKey(fields.code)) : undefined) ?? pilot.indicatorsByName.get(nameKey(fields.name));
    if (existing && seen.has(existing)) reader.problem("Indicator", message("importFile.problems.indicatorTwice", { row: seen.get(existing)! }));
    for (const milestone of fields.milestones)
      if (milestone.date <= pilot.startDate || milestone.date >= pilot.endDate)
        reader.problem("Milestones", message("validation.milestoneOutsidePilot", { date: milestone.date, start: pilot.startDate, end: pilot.endDate }));
    if (existing?.archived) reader.problem("Indicator", message("importFile.problems.indicatorArchived", { name: existing.fields.name }));
    let action: RowAction = "create";
    if (existing && reader.problems.length === 0) {
      // The sheet has no column for the register link: an indicator linked to the register stays linked.
      // The kinds-and-profiles columns left empty were filled from the stored indicator above.
      const next = {
        ...fields,
        displayOrder: fields.displayOrder ?? existing.fields.displayOrder,
        fromStakeholderRegister: existing.fields.fromStakeholderRegister,
      };
      action = sameDefinition(existing.fields, next) ? "unchanged" : "change";
      if (action === "change") {
        const stored = existing.id === null ? null : state.store.resultRange(existing.id);
        if (
          stored &&
          stored.count > 0 &&
          (existing.fields.measure !== next.measure || existing.fields.cumulation !== next.cumulation || existing.fields.entryForm !== next.entryForm)
        )
          reader.problem("Measure", message("importFile.problems.measureLocked", { name: existing.fields.name, count: stored.count }));
        if (
          stored &&
          stored.count > 0 &&
          next.measure === "score" &&
          next.scaleMin !== null &&
          next.scaleMax !== null &&
          (stored.lowest! < next.scaleMin || stored.highest! > next.scaleMax)
        )
          reader.problem("Scale min", message("importFile.problems.scaleExcludesResults", { low: stored.lowest!, high: stored.highest! }));
        // A revision of the target needs a reason (docs/decisions/022) and a sheet has no column for one:
        // the row is refused and the person is sent to the indicator's form, which asks for it.
        const revised = revisedFieldsChanged(existing.fields, next);
        if (stored && revisionNeedsReason(stored.count, revised))
          for (const field of revised)
            reader.problem(revisedFieldColumns[field], message(`importFile.problems.${field}RevisionNeedsReason`, { name: existing.fields.name, count: stored.count }));
        existing.fields = next;
        existing.write = existing.write ?? "change";
      }
    }
    state.addProblems(reader.problems);
    if (reader.problems.length > 0) return;
    state.count("indicators", action);
    state.listRow(sheet.name, reader.rowNumber, action, () => ({ label: `${pilot.title} › ${fields.name}`, detail: describeIndicator(fields) }));
    if (existing) {
      seen.set(existing, reader.rowNumber);
      if (action === "change") {
        existing.rows.push(reader.rowNumber);
        state.indicatorWrites.push(existing);
      }
      return;
    }
    const created: IndicatorPlan = {
      id: null,
      version: 0,
      pilot,
      fields: { ...fields, displayOrder: fields.displayOrder ?? pilot.nextDisplayOrder },
      storedFields: null,
      archived: false,
      write: "create",
      rows: [reader.rowNumber],
    };
    pilot.nextDisplayOrder = Math.max(pilot.nextDisplayOrder, created.fields.displayOrder! + 1);
    if (fields.code) pilot.indicatorsByCode.set(nameKey(fields.code), created);
    pilot.indicatorsByName.set(nameKey(fields.name), created);
    seen.set(created, reader.rowNumber);
    state.indicatorWrites.push(created);
  });
}
