import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import { columns, milestonesText, sheetNames, type MilestoneCell, type SheetKind } from "../../shared/importFormat";
import { createWorkbook, csvFile, formatted, xlsxFile } from "./fileWriter";

/**
 * The project data workbook and the import templates: the sheets of shared/importFormat.ts filled from
 * the database. Whatever this writes, the importer reads back (tests/integration/import-roundtrip.test.ts),
 * so the sheets keep the documented import format in every language (English headings and sheet names,
 * ISO dates, numbers with a point, comma-separated CSV: docs/import.md); only the cover sheet is in the
 * reader's language (docs/decisions/011-languages.md, "Exports and imports").
 */

type Value = string | number | null;
/** Marks a cell that holds a calendar date, so XLSX stores it as a date and CSV as 2021-09-30. */
type DateValue = { date: IsoDate };
type OutCell = Value | DateValue;

export interface DataSheet {
  kind: SheetKind;
  rows: OutCell[][];
}

const date = (iso: IsoDate): DateValue => ({ date: iso });

interface Selection {
  projectId?: number;
  pilotId?: number;
}

function pilotFilter(selection: Selection): { where: string; params: number[] } {
  if (selection.pilotId !== undefined) return { where: "p.id = ?", params: [selection.pilotId] };
  return { where: "p.project_id = ? AND p.archived_at IS NULL", params: [selection.projectId!] };
}

function projectsSheet(db: AppDatabase, projectId: number): DataSheet {
  const rows = db.$client.prepare("SELECT name, programme, start_date, end_date, tolerance_percent FROM projects WHERE id = ?").all(projectId) as Record<string, string | number>[];
  return { kind: "projects", rows: rows.map((r) => [r.name!, r.programme!, date(r.start_date as string), date(r.end_date as string), r.tolerance_percent!]) };
}

function pilotsSheet(db: AppDatabase, selection: Selection): DataSheet {
  const { where, params } = pilotFilter(selection);
  const rows = db.$client
    .prepare(
      `SELECT j.name AS project, p.title, p.partner_organisation, p.location, p.country, p.start_date, p.end_date, p.reporting_frequency,
              p.coordinator_name, p.coordinator_email, p.description
       FROM pilots p JOIN projects j ON j.id = p.project_id WHERE ${where} ORDER BY p.id`,
    )
    .all(...params) as Record<string, string>[];
  return {
    kind: "pilots",
    rows: rows.map((r) => [
      r.project!,
      r.title!,
      r.partner_organisation!,
      r.location!,
      r.country!,
      date(r.start_date!),
      date(r.end_date!),
      r.reporting_frequency!,
      r.coordinator_name!,
      r.coordinator_email!,
      r.description!,
    ]),
  };
}

function indicatorsSheet(db: AppDatabase, selection: Selection): DataSheet {
  const { where, params } = pilotFilter(selection);
  const rows = db.$client
    .prepare(
      `SELECT j.name AS project, p.title AS pilot, i.code, i.name, i.kind, i.measure, i.cumulation, i.unit, i.baseline, i.goal, i.goal_direction,
              i.goal_text, i.scale_min, i.scale_max, i.display_order,
              i.level_aggregation, i.entry_form, i.whole_numbers, i.delivery, i.milestone_shape, i.milestones
       FROM indicators i JOIN pilots p ON p.id = i.pilot_id JOIN projects j ON j.id = p.project_id
       WHERE ${where} AND i.archived_at IS NULL ORDER BY p.id, i.display_order, i.id`,
    )
    .all(...params) as Record<string, Value>[];
  return {
    kind: "indicators",
    rows: rows.map((r) => [
      r.project!,
      r.pilot!,
      r.code ?? "",
      r.name!,
      r.kind!,
      r.measure!,
      r.cumulation!,
      r.unit!,
      r.baseline!,
      r.goal!,
      r.goal_direction!,
      r.goal_text!,
      r.scale_min ?? null,
      r.scale_max ?? null,
      r.display_order!,
      // Each kind's own settings only where they mean something, so that a plain count's row stays plain.
      r.cumulation === "level" ? r.level_aggregation! : "",
      r.entry_form!,
      r.whole_numbers ? "yes" : "no",
      r.delivery!,
      r.delivery === "milestones" ? r.milestone_shape! : "",
      milestonesText(JSON.parse(String(r.milestones ?? "[]")) as MilestoneCell[]),
    ]),
  };
}

/**
 * Stored results; for a template, every active indicator × every period that has started by `today`,
 * with the stored values where there are some, so that importing an untouched template changes nothing.
 */
function resultsSheet(db: AppDatabase, selection: Selection, template: { today: IsoDate } | null): DataSheet {
  const { where, params } = pilotFilter(selection);
  const source = template
    ? `FROM indicators i JOIN pilots p ON p.id = i.pilot_id JOIN projects j ON j.id = p.project_id
       JOIN reporting_periods rp ON rp.pilot_id = p.id AND rp.start_date <= ?
       LEFT JOIN results r ON r.indicator_id = i.id AND r.period_id = rp.id`
    : `FROM results r JOIN indicators i ON i.id = r.indicator_id JOIN pilots p ON p.id = i.pilot_id JOIN projects j ON j.id = p.project_id
       JOIN reporting_periods rp ON rp.id = r.period_id`;
  const rows = db.$client
    .prepare(
      `SELECT j.name AS project, p.title AS pilot, i.code, i.name, rp.sequence, rp.start_date, rp.end_date,
              r.value, r.respondents, r.numerator, r.denominator, r.comment, r.entered_by
       ${source}
       WHERE ${where} AND i.archived_at IS NULL ORDER BY p.id, i.display_order, i.id, rp.sequence`,
    )
    .all(...(template ? [template.today, ...params] : params)) as Record<string, Value>[];
  return {
    kind: "results",
    rows: rows.map((r) => [
      r.project!,
      r.pilot!,
      r.code ?? "",
      r.name!,
      r.sequence!,
      date(r.start_date as string),
      date(r.end_date as string),
      r.value ?? null,
      r.respondents ?? null,
      r.numerator ?? null,
      r.denominator ?? null,
      r.comment ?? "",
      r.entered_by ?? "",
    ]),
  };
}

export function projectDataSheets(db: AppDatabase, projectId: number): DataSheet[] {
  return [projectsSheet(db, projectId), pilotsSheet(db, { projectId }), indicatorsSheet(db, { projectId }), resultsSheet(db, { projectId }, null)];
}

export function pilotTemplateSheet(db: AppDatabase, pilotId: number, kind: "results" | "indicators", today: IsoDate): DataSheet {
  return kind === "results" ? resultsSheet(db, { pilotId }, { today }) : indicatorsSheet(db, { pilotId });
}

const widths: Partial<Record<string, number>> = {
  Milestones: 36,
  Project: 24,
  Pilot: 30,
  Indicator: 44,
  Description: 40,
  "Goal text": 30,
  Comment: 50,
  "Partner organisation": 24,
};

export async function sheetsToXlsx(sheets: DataSheet[], coverName: string, about: string[][]): Promise<Buffer> {
  const workbook = createWorkbook();
  const cover = workbook.addWorksheet(coverName);
  cover.columns = [{ width: 22 }, { width: 90 }];
  cover.addRows(about);
  cover.getColumn(1).font = { bold: true };
  for (const sheet of sheets) {
    const header = columns[sheet.kind] as readonly string[];
    const ws = workbook.addWorksheet(sheetNames[sheet.kind], { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = header.map((name) => ({ header: name, width: widths[name] ?? Math.max(12, name.length + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      const added = ws.addRow(row.map((cell) => (cell !== null && typeof cell === "object" ? new Date(`${cell.date}T00:00:00Z`) : cell)));
      row.forEach((cell, index) => {
        if (cell !== null && typeof cell === "object") added.getCell(index + 1).numFmt = "yyyy-mm-dd";
      });
    }
  }
  return xlsxFile(workbook);
}

export function sheetToCsv(sheet: DataSheet): string {
  const header = columns[sheet.kind] as readonly string[];
  // The import format: numbers as the importer reads them back (12.5) and ISO dates, whatever the language.
  const records = sheet.rows.map((row) => row.map((cell) => (cell === null || typeof cell === "string" ? cell : formatted(typeof cell === "object" ? cell.date : String(cell)))));
  return csvFile([[...header], ...records]);
}
