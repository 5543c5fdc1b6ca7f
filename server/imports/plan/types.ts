import type { IsoDate } from "../../../shared/dates";
import type { ImportPreview, ImportText } from "../../../shared/importFormat";
import type { StoredValues } from "../../../shared/resultRules";
import type { IndicatorFields, PilotFields, ProjectFields } from "../../../shared/schemas";
import type { FingerprintScope } from "../fingerprint";
import { ImportTextError } from "../importErrors";

/** The plan of an import: what each sheet's rows would create or change. Built by ./planImport.ts, written by ../applyImport.ts. */

export interface PlanOptions {
  /** The uploaded file's name, for the import's audit line. */
  fileName: string;
  /** Import into this pilot (its page); null imports whole projects (Projects page, or an empty database). */
  pilotId: number | null;
  today: IsoDate;
  /**
   * How the file writes numbers held as text ("it-IT": "2.500" is 2500), the uploader's language's
   * formatting locale; English when not given.
   */
  numberLocale?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface PeriodSlot {
  id: number | null;
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

export interface ProjectPlan {
  id: number | null;
  name: string;
  /** The fields to create it with; null for a stored project (an import does not change projects). */
  fields: ProjectFields | null;
  tolerancePercent: number;
  /** The rows of the Projects sheet that create it. */
  rows: number[];
}

export type IndicatorDefinition = Omit<IndicatorFields, "pilotId">;

export interface IndicatorPlan {
  id: number | null;
  version: number;
  pilot: PilotPlan;
  fields: IndicatorDefinition;
  /** The stored definition, before the file's rows changed it (for the audit line); null for a new one. */
  storedFields: IndicatorDefinition | null;
  archived: boolean;
  write: "create" | "change" | null;
  /** The rows of the Indicators sheet that create or change it. */
  rows: number[];
}

export interface PilotPlan {
  id: number | null;
  version: number;
  project: ProjectPlan;
  title: string;
  /** The fields to create it with; null for a stored pilot (an import does not change pilots). */
  fields: PilotFields | null;
  startDate: IsoDate;
  endDate: IsoDate;
  archived: boolean;
  periods: PeriodSlot[];
  indicatorsByCode: Map<string, IndicatorPlan>;
  indicatorsByName: Map<string, IndicatorPlan>;
  nextDisplayOrder: number;
  /** The rows of the Pilots sheet that create it. */
  rows: number[];
}

export interface ResultWrite {
  /** The row of the Results sheet. */
  row: number;
  indicator: IndicatorPlan;
  period: PeriodSlot;
  values: StoredValues;
  comment: string;
  existing: { id: number; version: number } | null;
}

export interface ImportPlan {
  fileName: string;
  /** The day the preview was made on: periods that start later cannot have results (the write path checks it again). */
  today: IsoDate;
  preview: ImportPreview<ImportText>;
  scope: FingerprintScope;
  projectsToCreate: ProjectPlan[];
  pilotsToCreate: PilotPlan[];
  indicatorWrites: IndicatorPlan[];
  resultWrites: ResultWrite[];
}

export class ImportRefused extends ImportTextError {}

/** Names compare trimmed and in any letter case; a pilot is named by its project and title. */
export const nameKey = (first: string, second?: string) =>
  second === undefined ? first.trim().toLowerCase() : `${first.trim().toLowerCase()}\u0000${second.trim().toLowerCase()}`;
