import { csvFile, formatted, type CsvCell } from "./fileWriter";
import { csvLocaleFor, translateFor, type CsvLocale, type Translate } from "./localeCells";

/**
 * A pilot's audit trail as a CSV an evaluator can read: one row per changed field (when, who, which
 * record, which field, before, after), record kinds, actions and field names in the reader's language,
 * values written as that language writes them. Text people typed stays as typed (neutralised by the
 * writer). A step that changed no field (an archive, a password reset) is one row without a field.
 */

export interface HistoryLine {
  at: string;
  actorName: string;
  entityType: string;
  entityId: number;
  action: string;
  /** As stored: JSON text of the values before and after, or null. */
  before: string | null;
  after: string | null;
  indicatorId: number | null;
}

export interface HistoryNames {
  /** Indicator names by id, so that a result's row says whose result it is. */
  indicators: ReadonlyMap<number, string>;
  /** Period labels ("Q3 2021") by the period's sequence number in the pilot. */
  periods: ReadonlyMap<number, string>;
}

/** Bookkeeping the audit keeps for linking lines, not something a person changed. */
const BOOKKEEPING = new Set(["source", "id", "pilotId", "indicatorId", "resultId", "periodSequence", "version", "createdAt", "updatedAt"]);

/** Fields whose values are codes with a label in the catalogue, and the catalogue's group for them. */
const LABELLED: Record<string, string> = {
  measure: "measure",
  goalDirection: "goalDirection",
  cumulation: "cumulation",
  state: "reviewState",
  reportingFrequency: "frequency",
  outletType: "outletType",
  type: "stakeholderType",
  role: "role",
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

const parse = (text: string | null): Record<string, unknown> | null => {
  if (text === null) return null;
  const value = JSON.parse(text) as unknown;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function historyValues(locale: CsvLocale, t: Translate) {
  const moment = (iso: string) => formatted(`${locale.date(iso.slice(0, 10))} ${iso.slice(11, 19)}`);
  const value = (field: string, raw: unknown): CsvCell => {
    if (raw === null || raw === undefined || raw === "") return null;
    if (typeof raw === "number") return formatted(locale.number(raw));
    if (typeof raw === "boolean") return t(raw ? "common.yes" : "common.no");
    if (typeof raw === "string") {
      const group = LABELLED[field];
      if (group) return t(`labels.${group}.${raw}`, { defaultValue: raw });
      if (ISO_DAY.test(raw)) return formatted(locale.date(raw));
      if (ISO_TIMESTAMP.test(raw)) return moment(raw);
      return raw;
    }
    return JSON.stringify(raw);
  };
  return { moment, value };
}

/** The changed fields of one step: for a change, those whose value differs; for a creation or removal, all. */
function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const visible = (record: Record<string, unknown> | null) => Object.keys(record ?? {}).filter((field) => !BOOKKEEPING.has(field));
  if (before && after) return visible(after).filter((field) => !same(before[field], after[field]));
  // A creation (or removal) names the values it was made with (or had), not every empty field.
  const record = after ?? before;
  return visible(record).filter((field) => record![field] !== null && record![field] !== "");
}

export function historyRows(lines: readonly HistoryLine[], names: HistoryNames, language: string): CsvCell[][] {
  const t = translateFor(language);
  const { moment, value } = historyValues(csvLocaleFor(language), t);
  const heading = (["at", "who", "what", "id", "indicator", "period", "action", "field", "before", "after"] as const).map((column) => t(`exportFiles.history.${column}`));
  const rows: CsvCell[][] = [heading];
  for (const line of lines) {
    const before = parse(line.before);
    const after = parse(line.after);
    const sequence = after?.periodSequence ?? before?.periodSequence;
    const step: CsvCell[] = [
      moment(line.at),
      line.actorName,
      t(`audit.kinds.${line.entityType}`, { defaultValue: line.entityType }),
      formatted(String(line.entityId)),
      line.indicatorId === null ? null : (names.indicators.get(line.indicatorId) ?? null),
      typeof sequence === "number" ? (names.periods.get(sequence) ?? formatted(String(sequence))) : null,
      t(`audit.actions.${line.action.replace(/ /g, "_")}`, { defaultValue: line.action }),
    ];
    const fields = changedFields(before, after);
    if (fields.length === 0) rows.push([...step, null, null, null]);
    for (const field of fields) rows.push([...step, t(`audit.fields.${field}`, { defaultValue: field }), value(field, before?.[field]), value(field, after?.[field])]);
  }
  return rows;
}

export function historyCsv(lines: readonly HistoryLine[], names: HistoryNames, language: string): string {
  return csvFile(historyRows(lines, names, language), { delimiter: csvLocaleFor(language).delimiter });
}
