import { isIsoDate } from "./dates";
import {
  cumulationLabels,
  cumulations,
  deliveryProfileLabels,
  deliveryProfiles,
  entryFormLabels,
  entryForms,
  frequencyLabels,
  goalDirectionLabels,
  goalDirections,
  indicatorKinds,
  levelAggregationLabels,
  levelAggregations,
  measureLabels,
  measures,
  milestoneShapeLabels,
  milestoneShapes,
  reportingFrequencies,
} from "./domain";
import { message, type Message } from "./i18n/message";
import { DEFAULT_NUMBER_LOCALE } from "./numbers";
import { readNumber } from "./numberReader";
import { forbiddenCharacterIn, forbiddenCharacterMessageKey } from "./textRules";

/**
 * The spreadsheet layout shared by the import, its templates and the project data workbook, so that a
 * file the app writes is a file the app reads. Pure: the server reads the files, this turns cells into
 * typed values and row/column problems. See docs/import.md.
 */

/**
 * Words of the import meant for a person (problems, preview details, progress): catalogue messages, said
 * in the reader's language when the job is read (server/routers/imports.ts). A plain string is shown as is.
 */
export type ImportText = Message | string;

/** What a cell holds once read from CSV (text) or XLSX (text, number, date, boolean or empty). */
export type Cell = string | number | boolean | Date | null;

export const sheetNames = { projects: "Projects", pilots: "Pilots", indicators: "Indicators", results: "Results" } as const;
export type SheetKind = keyof typeof sheetNames;

export const IMPORT_LIMITS = {
  /** Bytes of one upload. */
  maxBytes: 40 * 1024 * 1024,
  maxResultRows: 200_000,
  maxIndicatorRows: 20_000,
  maxPilotRows: 5_000,
  maxProjectRows: 1_000,
  /** Problems listed in the preview; the total is always counted. */
  maxListedProblems: 1_000,
  /** Changed or created rows shown in the preview table. */
  maxListedRows: 500,
} as const;

export const columns = {
  projects: ["Project", "Programme", "Start date", "End date", "Tolerance (%)"],
  pilots: ["Project", "Pilot", "Partner organisation", "Location", "Country", "Start date", "End date", "Reporting frequency", "Coordinator", "Coordinator email", "Description"],
  indicators: [
    "Project",
    "Pilot",
    "Code",
    "Indicator",
    "Kind",
    "Measure",
    "Cumulation",
    "Unit",
    "Baseline",
    "Goal",
    "Goal direction",
    "Goal text",
    "Scale min",
    "Scale max",
    "Order",
    // Issue 23's kinds and profiles, after the older columns so that older files keep their letters.
    "Level current",
    "Entry form",
    "Whole numbers",
    "Delivery",
    "Milestone shape",
    "Milestones",
  ],
  results: ["Project", "Pilot", "Code", "Indicator", "Period", "Period start", "Period end", "Value", "Respondents", "Numerator", "Denominator", "Comment", "Entered by"],
} as const satisfies Record<SheetKind, readonly string[]>;

export type ColumnName<K extends SheetKind> = (typeof columns)[K][number];

/** Columns a sheet cannot do without; Project and Pilot are required only when importing a whole project. */
export const requiredColumns: Record<SheetKind, readonly string[]> = {
  projects: ["Project", "Start date", "End date"],
  pilots: ["Project", "Pilot", "Start date", "End date", "Reporting frequency"],
  indicators: ["Indicator", "Kind", "Measure", "Goal"],
  results: ["Period"],
};

/** `Text` is ImportText while the server holds the job, string once translated for the reader. */
export interface ImportProblem<Text = string> {
  sheet: string;
  /** The spreadsheet's row number: the header is row 1. 0 for a problem with the whole sheet. */
  row: number;
  /** The column's header, or "" for the whole row. */
  column: string;
  message: Text;
}

/** "A", "B", ..., "AA": the column letter a spreadsheet shows. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const normaliseHeader = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Finds each known column in a header row, whatever its position and letter case. Unknown columns are
 * ignored (people add their own notes), missing required ones are problems for the whole sheet.
 */
export function mapHeader<K extends SheetKind>(kind: K, sheet: string, header: readonly Cell[], required: readonly string[] = requiredColumns[kind]) {
  const positions = new Map<string, number>();
  const problems: ImportProblem<ImportText>[] = [];
  const known = new Map(columns[kind].map((name) => [normaliseHeader(name), name as string]));
  header.forEach((cell, index) => {
    const name = known.get(normaliseHeader(cellText(cell)));
    if (!name) return;
    if (positions.has(name))
      problems.push({
        sheet,
        row: 1,
        column: name,
        message: message("importFile.problems.columnTwice", { name, first: columnLetter(positions.get(name)!), second: columnLetter(index) }),
      });
    else positions.set(name, index);
  });
  for (const name of required) {
    if (!positions.has(name)) problems.push({ sheet, row: 1, column: name, message: message("importFile.problems.columnMissing", { name }) });
  }
  return { positions: positions as Map<ColumnName<K>, number>, problems };
}

/** A cell as trimmed text; a leading apostrophe that protected a formula-like text is removed. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") {
    // Most cells need no trimming: check before allocating (a large file has a million cells).
    const text = cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell;
    return text.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
  }
  if (cell instanceof Date) return isoDateOf(cell);
  return String(cell).trim();
}

function isoDateOf(date: Date): string {
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: ImportText };

/** Shared by every empty cell: a large file has hundreds of thousands of them. */
const EMPTY: { ok: true; value: null } = Object.freeze({ ok: true, value: null });

/**
 * A number from a numeric cell, or from text read by the one number reader (shared/numberReader.ts,
 * docs/decisions/004) in the file's language: "2.500" is 2500 and "2,5" is 2.5 in an Italian file, the other
 * way round in an English one; text that is not a number there is a problem on its cell. Empty gives null.
 */
export function numberCell(cell: Cell | undefined, locale: string = DEFAULT_NUMBER_LOCALE): CellResult<number | null> {
  if (cell === null || cell === undefined || cell === "") return EMPTY;
  if (typeof cell === "number") return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false, message: message("importFile.problems.notFinite") };
  if (cell instanceof Date) return { ok: false, message: message("importFile.problems.dateNotNumber", { text: isoDateOf(cell) }) };
  const text = cellText(cell);
  if (text === "") return EMPTY;
  const parsed = readNumber(text, locale);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, message: parsed.message };
}

/**
 * A date written day first, as the programme's languages write it (30/09/2021, 30.09.2021, 30-09-2021):
 * a spreadsheet program in Italy or Germany saves the template's dates that way when it saves a .csv.
 * Month-first dates are not read: none of the app's languages writes them.
 */
const DAY_FIRST_DATE = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;

function dayFirstToIso(text: string): string | null {
  const match = DAY_FIRST_DATE.exec(text);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, "0")}-${match[1]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** An ISO date from a date cell or from text like 2021-09-30 or 30/09/2021; empty gives null. */
export function dateCell(cell: Cell | undefined): CellResult<string | null> {
  if (cell === null || cell === undefined || cell === "") return EMPTY;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { ok: false, message: message("importFile.problems.invalidDate") } : { ok: true, value: isoDateOf(cell) };
  const text = cellText(cell);
  if (text === "") return EMPTY;
  if (isIsoDate(text)) return { ok: true, value: text };
  const dayFirst = dayFirstToIso(text);
  return dayFirst ? { ok: true, value: dayFirst } : { ok: false, message: message("importFile.problems.notDate", { text }) };
}

/**
 * One of the domain's codes, given either as the code ("at_least") or as its label ("At least"),
 * in any letter case.
 */
function choiceCell<T extends string>(
  codes: readonly T[],
  labels: Record<T, string> | null,
  what: "kind" | "measure" | "cumulation" | "goalDirection" | "frequency" | "levelAggregation" | "entryForm" | "delivery" | "milestoneShape",
) {
  const lookup = new Map<string, T>();
  for (const code of codes) {
    lookup.set(code.toLowerCase(), code);
    lookup.set(code.toLowerCase().replace(/_/g, " "), code);
    if (labels) lookup.set(labels[code].toLowerCase(), code);
  }
  return (cell: Cell | undefined): CellResult<T | null> => {
    const text = cellText(cell);
    if (text === "") return { ok: true, value: null };
    const code = lookup.get(text.toLowerCase().replace(/\s+/g, " "));
    return code ? { ok: true, value: code } : { ok: false, message: message(`importFile.problems.notA.${what}`, { text, codes: codes.join(", ") }) };
  };
}

export const kindCell = choiceCell(indicatorKinds, null, "kind");
export const measureCell = choiceCell(measures, measureLabels, "measure");
export const cumulationCell = choiceCell(cumulations, cumulationLabels, "cumulation");
export const goalDirectionCell = choiceCell(goalDirections, goalDirectionLabels, "goalDirection");
export const frequencyCell = choiceCell(reportingFrequencies, frequencyLabels, "frequency");
export const levelAggregationCell = choiceCell(levelAggregations, levelAggregationLabels, "levelAggregation");
export const entryFormCell = choiceCell(entryForms, entryFormLabels, "entryForm");
export const deliveryCell = choiceCell(deliveryProfiles, deliveryProfileLabels, "delivery");
export const milestoneShapeCell = choiceCell(milestoneShapes, milestoneShapeLabels, "milestoneShape");

/** Yes or no in the four languages (and true/false, 1/0, a spreadsheet's boolean); empty gives null. */
const YES = new Set(["yes", "y", "true", "1", "sì", "si", "sí", "ja"]);
const NO = new Set(["no", "n", "false", "0", "nein"]);
export function yesNoCell(cell: Cell | undefined): CellResult<boolean | null> {
  if (typeof cell === "boolean") return { ok: true, value: cell };
  const text = cellText(cell).toLowerCase();
  if (text === "") return EMPTY;
  if (YES.has(text)) return { ok: true, value: true };
  if (NO.has(text)) return { ok: true, value: false };
  return { ok: false, message: message("importFile.problems.notA.yesNo", { text: cellText(cell) }) };
}

export interface MilestoneCell {
  date: string;
  target: number;
}

/**
 * The milestones of an indicator in one cell: "2026-06-30: 40; 2027-06-30: 80" (semicolons between them,
 * so that a decimal comma stays free). Dates as the other date cells read them, targets by the one number
 * reader in the file's language. Empty gives an empty list.
 */
export function milestonesCell(cell: Cell | undefined, locale: string = DEFAULT_NUMBER_LOCALE): CellResult<MilestoneCell[]> {
  const text = cellText(cell);
  if (text === "") return { ok: true, value: [] };
  const milestones: MilestoneCell[] = [];
  for (const piece of text.split(";")) {
    const part = piece.trim();
    if (part === "") continue;
    const match = /^(\S+)\s*[:=]\s*(.+)$/.exec(part);
    const date = match ? dateCell(match[1]!) : null;
    if (!match || !date?.ok || date.value === null) return { ok: false, message: message("importFile.problems.milestoneFormat", { text: part }) };
    const target = readNumber(match[2]!, locale);
    if (!target.ok) return { ok: false, message: target.message };
    milestones.push({ date: date.value, target: target.value });
  }
  return { ok: true, value: milestones };
}

/** The milestones as the cell writes them: ISO dates and numbers with a point, as the CSV writes numbers. */
export function milestonesText(milestones: readonly MilestoneCell[]): string {
  return milestones.map((m) => `${m.date}: ${m.target}`).join("; ");
}

/** Reads the cells of one row by column name, collecting each problem with its row and column. */
export class RowReader<K extends SheetKind> {
  readonly problems: ImportProblem<ImportText>[] = [];
  constructor(
    private readonly sheet: string,
    readonly rowNumber: number,
    private readonly cells: readonly Cell[],
    private readonly positions: Map<ColumnName<K>, number>,
    /** How the file writes numbers held as text: the uploader's language (PlanOptions.numberLocale). */
    readonly locale: string = DEFAULT_NUMBER_LOCALE,
  ) {}

  has(column: ColumnName<K>): boolean {
    return this.positions.has(column);
  }

  raw(column: ColumnName<K>): Cell | undefined {
    const index = this.positions.get(column);
    return index === undefined ? undefined : this.cells[index];
  }

  /**
   * A text cell, held to the rule of every text input (shared/textRules.ts): characters no document may
   * hold are a problem here even for cells only used to find a project or pilot by name. Bidirectional
   * controls are left to the schema, which knows whether the cell is a name.
   */
  text(column: ColumnName<K>): string {
    const text = cellText(this.raw(column));
    const forbidden = forbiddenCharacterIn(text, { identifying: false });
    if (forbidden) this.problem(column, message(forbiddenCharacterMessageKey(forbidden)));
    return text;
  }

  /** Records a problem; the same one on the same cell (a cell read twice, a rule the schema repeats) is said once. */
  problem(column: ColumnName<K> | "", text: ImportText): void {
    const same = (other: ImportText) =>
      typeof text === "string" || typeof other === "string" ? other === text : other.key === text.key && JSON.stringify(other.values ?? {}) === JSON.stringify(text.values ?? {});
    if (this.problems.some((p) => p.column === column && same(p.message))) return;
    this.problems.push({ sheet: this.sheet, row: this.rowNumber, column, message: text });
  }

  /** The cell read by `read`; on a problem, records it and gives `undefined`. */
  read<T>(column: ColumnName<K>, read: (cell: Cell | undefined, locale: string) => CellResult<T>): T | undefined {
    const outcome = read(this.raw(column), this.locale);
    if (outcome.ok) return outcome.value;
    this.problem(column, outcome.message);
    return undefined;
  }

  /** Whether every cell of the row is empty (such rows are skipped, as spreadsheets often end with some). */
  isBlank(): boolean {
    return this.cells.every((cell) => cell === null || cell === "" || cellText(cell) === "");
  }
}

/** Typed values of one results row, or undefined where a cell could not be read. */
export interface ResultRowValues {
  project: string;
  pilot: string;
  code: string;
  indicator: string;
  period: number | null | undefined;
  periodStart: string | null | undefined;
  periodEnd: string | null | undefined;
  value: number | null | undefined;
  respondents: number | null | undefined;
  numerator: number | null | undefined;
  denominator: number | null | undefined;
  comment: string;
}

export function readResultRow(reader: RowReader<"results">): ResultRowValues {
  const period = reader.read("Period", numberCell);
  if (period !== undefined && period !== null && (!Number.isInteger(period) || period < 1))
    reader.problem("Period", message("importFile.problems.notPeriodNumber", { text: reader.text("Period") }));
  return {
    project: reader.text("Project"),
    pilot: reader.text("Pilot"),
    code: reader.text("Code"),
    indicator: reader.text("Indicator"),
    period,
    periodStart: reader.read("Period start", dateCell),
    periodEnd: reader.read("Period end", dateCell),
    value: reader.read("Value", numberCell),
    respondents: reader.read("Respondents", numberCell),
    numerator: reader.read("Numerator", numberCell),
    denominator: reader.read("Denominator", numberCell),
    comment: reader.text("Comment"),
  };
}

/** A results row that names an indicator and a period but gives no value: the template's empty slots. */
export function hasNoValues(row: ResultRowValues): boolean {
  return row.value === null && row.respondents === null && row.numerator === null && row.denominator === null && row.comment === "";
}

/** Maps a result field of shared/resultRules.ts to the column that holds it. */
export const resultFieldColumns = {
  value: "Value",
  respondents: "Respondents",
  numerator: "Numerator",
  denominator: "Denominator",
  comment: "Comment",
} as const satisfies Record<string, ColumnName<"results">>;

/** Maps an indicator field of shared/schemas.ts to its column. */
export const indicatorFieldColumns: Record<string, ColumnName<"indicators">> = {
  code: "Code",
  name: "Indicator",
  kind: "Kind",
  measure: "Measure",
  cumulation: "Cumulation",
  unit: "Unit",
  baseline: "Baseline",
  goal: "Goal",
  goalDirection: "Goal direction",
  goalText: "Goal text",
  scaleMin: "Scale min",
  scaleMax: "Scale max",
  displayOrder: "Order",
  levelAggregation: "Level current",
  entryForm: "Entry form",
  wholeNumbers: "Whole numbers",
  delivery: "Delivery",
  milestoneShape: "Milestone shape",
  milestones: "Milestones",
};

export const pilotFieldColumns: Record<string, ColumnName<"pilots">> = {
  title: "Pilot",
  partnerOrganisation: "Partner organisation",
  location: "Location",
  country: "Country",
  startDate: "Start date",
  endDate: "End date",
  reportingFrequency: "Reporting frequency",
  coordinatorName: "Coordinator",
  coordinatorEmail: "Coordinator email",
  description: "Description",
};

export const projectFieldColumns: Record<string, ColumnName<"projects">> = {
  name: "Project",
  programme: "Programme",
  startDate: "Start date",
  endDate: "End date",
  tolerancePercent: "Tolerance (%)",
};

/** What the preview tells the person, and the client shows. */
export type RowAction = "create" | "change" | "unchanged";

export interface PreviewRow<Text = string> {
  sheet: string;
  row: number;
  action: RowAction;
  /** "Pilot › Indicator › period 3" */
  label: Text;
  /** The values the row sets, as a person would read them. */
  detail: Text;
}

export type ActionCounts = Record<RowAction, number>;

export interface ImportPreview<Text = string> {
  /** Which sheets the file held. */
  sheets: SheetKind[];
  counts: Record<SheetKind, ActionCounts> & { blankResultRows: number };
  problems: ImportProblem<Text>[];
  problemCount: number;
  rows: PreviewRow<Text>[];
  /** A digest of the stored rows the import depends on: the commit is refused if they changed. */
  token: string;
  /** Nothing would be written. */
  nothingToDo: boolean;
  /** What the person should know about how the file is read, e.g. that a column is ignored. */
  notices: Text[];
}

/** FORBIDDEN: the file writes where the uploader's roles do not reach (server/access.ts, importRefusals). */
export type ImportErrorCode = "CONFLICT" | "BAD_REQUEST" | "FORBIDDEN" | "INTERNAL";

export type ImportPhase = "queued" | "reading" | "checking" | "ready" | "writing" | "done" | "failed";

export interface ImportOutcome {
  counts: Record<SheetKind, ActionCounts>;
  ms: number;
  /** The pilots the import created or wrote results for. */
  pilotIds: number[];
  projectIds: number[];
}

export interface ImportJobView<Text = string> {
  jobId: string;
  fileName: string;
  phase: ImportPhase;
  /** Share of the current phase done, 0..1. */
  progress: number;
  progressText: Text;
  preview: ImportPreview<Text> | null;
  outcome: ImportOutcome | null;
  error: { code: ImportErrorCode; message: Text } | null;
}

/** A job as the server holds it, its words still to be said in the reader's language. */
export type UntranslatedImportJob = ImportJobView<ImportText>;

/** The job's words in one language: `say` translates a message (server/routers/imports.ts). */
export function translateImportJob(job: UntranslatedImportJob, say: (text: ImportText) => string): ImportJobView {
  const preview = job.preview && {
    ...job.preview,
    problems: job.preview.problems.map((p) => ({ ...p, message: say(p.message) })),
    rows: job.preview.rows.map((r) => ({ ...r, label: say(r.label), detail: say(r.detail) })),
    notices: job.preview.notices.map(say),
  };
  return { ...job, progressText: say(job.progressText), preview, error: job.error && { ...job.error, message: say(job.error.message) } };
}
