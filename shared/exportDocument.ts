import type { IsoDate } from "./dates";
import type { ExportTable } from "./exportRequest";

/**
 * An export as data: the server builds it once, and the XLSX and CSV writers and the client's print view
 * render the same document, so the three formats cannot show different figures.
 * Every cell carries its type, because one column may hold a count in one row and a percentage in the next.
 */
export type ExportCell =
  | null
  | { t: "text"; v: string }
  | { t: "number"; v: number }
  /** A fraction: 0.978 is 97.8 %. */
  | { t: "percent"; v: number }
  | { t: "date"; v: IsoDate };

export interface ExportColumn {
  header: string;
  /** A heading over several columns (a reporting period in the tracking table). */
  group?: string;
  /** Width in characters, for spreadsheets. */
  width: number;
  /** A shorter heading for the print view, where a page must hold many columns. */
  short?: string;
  /**
   * False for a column that spreadsheets carry but paper has no room for: the 95 % interval and the
   * signals' notes would leave the indicator's name too narrow on A4 landscape (tests/e2e/print-pdf).
   * The pilot page and the final report show them.
   */
  printed?: boolean;
}

export interface ExportSection {
  /** Sheet and file name: at most 31 characters, none of []:*?/\ . */
  name: string;
  title: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** What an empty section means, for the print view. */
  emptyText?: string;
}

export interface ExportDocument {
  /** The Exports page's tables, or a project's progress report (decision 028). */
  table: ExportTable | "progress_report";
  /** The language its headings and words are in; the CSV writes numbers and dates in its way too. */
  language: string;
  /** The XLSX cover sheet's name in that language, which no section may be named like. */
  coverName: string;
  title: string;
  fileStem: string;
  /** When the export was made (ISO timestamp, UTC). */
  createdAt: string;
  asOf: IsoDate;
  /** What was chosen, for the cover sheet and the print view. */
  filters: { label: string; value: ExportCell }[];
  notes: string[];
  sections: ExportSection[];
}

export const text = (v: string): ExportCell => ({ t: "text", v });
export const num = (v: number | null): ExportCell => (v === null || !Number.isFinite(v) ? null : { t: "number", v });
export const pct = (fraction: number | null): ExportCell => (fraction === null || !Number.isFinite(fraction) ? null : { t: "percent", v: fraction });
export const date = (v: IsoDate | null): ExportCell => (v === null ? null : { t: "date", v });

/** Excel's longest sheet name. */
const SHEET_NAME_LENGTH = 31;

/**
 * `name` within `max` characters: cut after the last whole word that fits, marked with "…", so that a
 * pilot's sheet reads "HOME - Extra-EU Citizens and…" rather than "…and In". A first word longer than
 * half the room is cut inside it (a name of one long word still gets a sheet of its own).
 */
function shortenToWords(name: string, max: number): string {
  const letters = [...name];
  if (letters.length <= max) return name;
  const room = max - 1;
  const head = letters.slice(0, room + 1).join("");
  const space = head.lastIndexOf(" ");
  const words = space >= room / 2 ? head.slice(0, space) : letters.slice(0, room).join("");
  return `${words.replace(/[\s\-–,;.(]+$/u, "")}…`;
}

/**
 * Excel's sheet names: 31 characters at most, without []:*?/\, not starting or ending with an apostrophe,
 * and unique in the workbook (compared without case, as Excel does).
 */
export function sheetName(title: string, taken: ReadonlySet<string>): string {
  const clean =
    title
      .replace(/[[\]:*?/\\]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^'+|'+$/g, "")
      .trim() || "Sheet";
  let candidate = shortenToWords(clean, SHEET_NAME_LENGTH);
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = shortenToWords(clean, SHEET_NAME_LENGTH - suffix.length) + suffix;
  }
  return candidate;
}
