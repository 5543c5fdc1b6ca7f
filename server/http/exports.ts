import type { Router } from "express";
import { z } from "zod";
import { exportTables, parseExportSearchParams } from "../../shared/exportRequest";
import { documentFile } from "../exports/documentFiles";
import { CSV_TYPE, XLSX_TYPE } from "../exports/fileWriter";
import { indicatorTableCsv, indicatorTableXlsx } from "../exports/indicatorTableFiles";
import { translateFor } from "../exports/localeCells";
import { projectDataSheets, sheetsToXlsx } from "../exports/projectDataFiles";
import { stakeholderRegisterCsv, stakeholderRegisterXlsx } from "../exports/stakeholderRegisterFiles";
import type { AppDatabase } from "../../db/client";
import { processClock } from "../clock";
import { createCaller } from "../root";
import { fileRoute, param, type ContextFor } from "./route";

const fileFormat = param.format(["csv", "xlsx"]);

/** Downloads go through the same procedures as the API, so their rules apply to files too. */
export function exportRoutes(app: Router, contextFor: ContextFor, db: AppDatabase): void {
  app.get(
    "/api/exports/:scope/:id/indicator-table.:format",
    fileRoute(
      contextFor,
      z.object({ scope: z.enum(["pilots", "projects"], { error: "exportFiles.errors.unknownExport" }), id: param.id, format: fileFormat, asOf: param.asOf }),
      async ({ scope, id, format, asOf }, context) => {
        const caller = createCaller(context);
        const table = scope === "pilots" ? await caller.exports.pilotIndicatorTable({ pilotId: id, asOf }) : await caller.exports.projectIndicatorTable({ projectId: id, asOf });
        const fileName = `${table.fileStem}-${table.asOf}.${format}`;
        const includePilot = scope === "projects";
        if (format === "csv") return { fileName, contentType: CSV_TYPE, body: indicatorTableCsv(table, includePilot, context.language) };
        return { fileName, contentType: XLSX_TYPE, body: await indicatorTableXlsx(table, { title: table.title, includePilot, language: context.language }) };
      },
    ),
  );

  // The Exports page's downloads: /api/exports/tables/rollup.xlsx?projectId=1&statuses=at_risk,underperforming.
  // ".zip" is the CSV files of a table with several sections (shared/exportRequest.ts, csvIsBundle).
  app.get(
    "/api/exports/tables/:table.:format",
    fileRoute(
      contextFor,
      z
        .object({ table: z.enum(exportTables, { error: "exportFiles.errors.unknownExport" }), format: param.format(["csv", "zip", "xlsx"], "exportFiles.errors.tableFormats") })
        .loose(),
      async ({ table, format }, context, req) => {
        // The filters keep their own schema (shared/exportRequest.ts), shared with the client's form.
        const query = new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
        const doc = await createCaller(context).exports.document(parseExportSearchParams(table, query));
        const file = await documentFile(doc, format);
        return { fileName: file.fileName, contentType: file.contentType, body: file.body };
      },
    ),
  );

  // A project's Jems-aligned progress report for one reporting period (decision 028): /api/exports/projects/3/progress-report/2.xlsx
  app.get(
    "/api/exports/projects/:id/progress-report/:period.:format",
    fileRoute(contextFor, z.object({ id: param.id, period: param.id, format: fileFormat }), async ({ id, period, format }, context) => {
      const doc = await createCaller(context).programmeIndicators.progressReport({ projectId: id, period });
      const file = await documentFile(doc, format);
      return { fileName: file.fileName, contentType: file.contentType, body: file.body };
    }),
  );

  app.get(
    "/api/exports/pilots/:id/stakeholders.:format",
    fileRoute(contextFor, z.object({ id: param.id, format: fileFormat }), async ({ id, format }, context) => {
      const register = await createCaller(context).stakeholders.register({ pilotId: id });
      const fileName = `stakeholders-pilot-${id}.${format}`;
      if (format === "csv") return { fileName, contentType: CSV_TYPE, body: stakeholderRegisterCsv(register, context.language) };
      return { fileName, contentType: XLSX_TYPE, body: await stakeholderRegisterXlsx(register, context.language) };
    }),
  );

  // The whole project as one workbook that the importer reads back (e.g. into another installation).
  app.get(
    "/api/exports/projects/:id/project-data.xlsx",
    fileRoute(contextFor, z.object({ id: param.id }), async ({ id }, context) => {
      const project = await createCaller(context).projects.get({ id });
      const t = translateFor(context.language);
      const body = await sheetsToXlsx(projectDataSheets(db, project.id), t("exportFiles.cover.sheetName"), [
        [t("exportFiles.cover.export"), t("importFile.projectData.title", { name: project.name })],
        [t("exportFiles.cover.created"), processClock().timestamp().slice(0, 16).replace("T", " ")],
        [t("importFile.projectData.contents"), t("importFile.projectData.contentsText")],
        [t("importFile.template.format"), t("importFile.template.formatText")],
      ]);
      return { fileName: `project-data-${project.id}.xlsx`, contentType: XLSX_TYPE, body };
    }),
  );
}
