import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { sortByNames } from "../../shared/collation";
import { z } from "zod";
import { pilots, reportingPeriods } from "../../db/schema";
import { periodLabel } from "../../shared/periods";
import { translate } from "../i18n";
import { exportRequest } from "../../shared/exportRequest";
import { asOfInput } from "../../shared/schemas";
import { buildExportDocument } from "../services/exportDocuments";
import { loadPilotsForProgress } from "../services/indicatorProgress";
import { buildIndicatorTable } from "../services/indicatorTable";
import { policy } from "../access";
import { message } from "../../shared/i18n/message";
import { procedure, router } from "../trpc";
import { userError } from "../errors";

/** The data of the evaluator's tables; server/app.ts turns them into CSV and XLSX downloads. */
export const exportsRouter = router({
  pilotIndicatorTable: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive(), asOf: asOfInput }).strict())
    .query(({ ctx, input }) => {
      const pilotList = loadPilotsForProgress(ctx.db, { pilotIds: [input.pilotId], includeArchived: true });
      const pilot = pilotList[0];
      if (!pilot) throw userError("NOT_FOUND", message("exportFiles.errors.pilotNotFound"));
      return {
        title: translate(ctx.language, message("exportFiles.titles.indicatorTable", { name: pilot.title })),
        fileStem: `indicators-pilot-${pilot.id}`,
        ...buildIndicatorTable(ctx.db, pilotList, input.asOf ?? ctx.today(), ctx.language),
      };
    }),

  projectIndicatorTable: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: z.number().int().positive(), asOf: asOfInput }).strict())
    .query(({ ctx, input }) => {
      const pilotList = sortByNames(loadPilotsForProgress(ctx.db, { projectId: input.projectId }), ctx.language, (pilot) => pilot.title);
      const projectName = pilotList[0]?.projectName;
      if (!projectName) throw userError("NOT_FOUND", message("exportFiles.errors.projectOrPilotNotFound"));
      return {
        title: translate(ctx.language, message("exportFiles.titles.allPilotsIndicatorTables", { name: projectName })),
        fileStem: `indicators-project-${input.projectId}`,
        ...buildIndicatorTable(ctx.db, pilotList, input.asOf ?? ctx.today(), ctx.language),
      };
    }),

  /** The reporting periods of a project's pilots, for choosing "as at the end of a period": equal periods once. */
  periodChoices: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(z.object({ projectId: z.number().int().positive(), pilotIds: z.array(z.number().int().positive()).max(1000).default([]) }).strict())
    .query(({ ctx, input }) => {
      const rows = ctx.db
        .select({ startDate: reportingPeriods.startDate, endDate: reportingPeriods.endDate, sequence: reportingPeriods.sequence, frequency: pilots.reportingFrequency })
        .from(reportingPeriods)
        .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
        .where(and(eq(pilots.projectId, input.projectId), input.pilotIds.length ? inArray(pilots.id, input.pilotIds) : isNull(pilots.archivedAt)))
        .orderBy(asc(reportingPeriods.endDate), asc(reportingPeriods.startDate))
        .all();
      const seen = new Map<string, { startDate: string; endDate: string; label: string }>();
      for (const row of rows) {
        const key = `${row.startDate}/${row.endDate}`;
        if (!seen.has(key)) seen.set(key, { startDate: row.startDate, endDate: row.endDate, label: translate(ctx.language, periodLabel(row, row.frequency)) });
      }
      return [...seen.values()];
    }),

  /** Any of the evaluator's tables with its filters, as a document the files and the print view render, in the reader's language. */
  document: procedure
    .meta(policy.read({ project: "projectId" }))
    .input(exportRequest)
    .query(({ ctx, input }) => buildExportDocument(ctx.db, input, ctx.today(), ctx.language)),
});
