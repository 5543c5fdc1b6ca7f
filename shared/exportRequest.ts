import { z } from "zod";
import { isIsoDate, type IsoDate } from "./dates";
import { statuses } from "./domain";

/**
 * What an evaluator asks for on the Exports page: which table, in which format, with which filters.
 * The same schema validates the tRPC input, the download's query string and the client's form; its
 * messages are catalogue keys (shared/i18n/locales), said in the reader's language.
 */

export const exportTables = ["indicators", "tracking", "rollup"] as const;
export type ExportTable = (typeof exportTables)[number];

export const exportFormats = ["xlsx", "csv", "print"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * Whether a table's CSV download is a zip of CSV files, one per section (and an about.csv): the indicator
 * tables and the roll-up always have two sections, the tracking table one per pilot. The page names the
 * download ".zip" and says so before it starts (docs/decisions/021).
 */
export function csvIsBundle(table: ExportTable, pilotCount: number): boolean {
  return table !== "tracking" || pilotCount > 1;
}

const isoDate = z.string().trim().refine(isIsoDate, { message: "validation.date" });
const id = z.number().int().positive();

export const exportRequest = z
  .object({
    table: z.enum(exportTables),
    projectId: id,
    /** Empty: every active pilot of the project. */
    pilotIds: z.array(id).max(1000).default([]),
    /** The date the results and statuses are computed at; default: the end of the period range, else today. */
    asOf: isoDate.optional(),
    /** Period range: periods that overlap [periodFrom, periodTo]. */
    periodFrom: isoDate.optional(),
    periodTo: isoDate.optional(),
    /** Empty: every status. */
    statuses: z.array(z.enum(statuses)).max(statuses.length).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.periodFrom && v.periodTo && v.periodTo < v.periodFrom) ctx.addIssue({ code: "custom", path: ["periodTo"], message: "validation.endBeforeStart" });
  });
export type ExportRequest = z.infer<typeof exportRequest>;
export type ExportRequestInput = z.input<typeof exportRequest>;

/**
 * The date results are computed at. A period range without a date is read as at its last day: every
 * period that has started by then counts, and none that starts after the range (docs/decisions/001-status-rule.md).
 */
export function effectiveAsOf(request: Pick<ExportRequest, "asOf" | "periodTo">, today: IsoDate): IsoDate {
  return request.asOf ?? request.periodTo ?? today;
}

/** Whether a period belongs to the chosen range (it overlaps it). */
export function periodInRange(period: { startDate: IsoDate; endDate: IsoDate }, request: Pick<ExportRequest, "periodFrom" | "periodTo">): boolean {
  return (!request.periodFrom || period.endDate >= request.periodFrom) && (!request.periodTo || period.startDate <= request.periodTo);
}

/** The download's query string: lists are comma-separated, empty values are left out. */
export function exportSearchParams(request: ExportRequestInput): URLSearchParams {
  const params = new URLSearchParams();
  params.set("projectId", String(request.projectId));
  if (request.pilotIds?.length) params.set("pilotIds", request.pilotIds.join(","));
  if (request.asOf) params.set("asOf", request.asOf);
  if (request.periodFrom) params.set("periodFrom", request.periodFrom);
  if (request.periodTo) params.set("periodTo", request.periodTo);
  if (request.statuses?.length) params.set("statuses", request.statuses.join(","));
  return params;
}

const listOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .optional()
    .transform((text) =>
      text
        ? text
            .split(",")
            .map((part) => part.trim())
            .filter((part) => part !== "")
        : [],
    )
    .pipe(z.array(item));

const searchParamsShape = z
  .object({
    projectId: z.string({ error: "validation.required" }).regex(/^\d+$/, { message: "validation.invalid" }).transform(Number),
    pilotIds: listOf(z.string().regex(/^\d+$/, { message: "validation.invalid" }).transform(Number)),
    asOf: z.string().optional(),
    periodFrom: z.string().optional(),
    periodTo: z.string().optional(),
    statuses: listOf(z.string()),
  })
  .strict();

/** Parses a download's table name and query string into a validated request (throws a ZodError). */
export function parseExportSearchParams(table: string, params: URLSearchParams): ExportRequest {
  const raw: Record<string, string> = {};
  // `lang` names the language of the download (server/context.ts), not a filter.
  for (const [key, value] of params) if (value !== "" && key !== "lang") raw[key] = value;
  const decoded = searchParamsShape.parse(raw);
  return exportRequest.parse({ ...decoded, table });
}
