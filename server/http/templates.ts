import type { Router } from "express";
import { z } from "zod";
import type { AppDatabase } from "../../db/client";
import { CSV_TYPE, XLSX_TYPE } from "../exports/fileWriter";
import { translateFor } from "../exports/localeCells";
import { pilotTemplateSheet, sheetsToXlsx, sheetToCsv } from "../exports/projectDataFiles";
import { createCaller } from "../root";
import { fileRoute, param, type ContextFor } from "./route";

/** Import templates: the pilot's indicators (and, for results, its started periods) with their stored values. */
export function templateRoutes(app: Router, contextFor: ContextFor, db: AppDatabase): void {
  app.get(
    "/api/imports/templates/pilots/:id/:kind.:format",
    fileRoute(
      contextFor,
      z.object({
        id: param.id,
        kind: z.enum(["results", "indicators"], { error: "importFile.errors.templateKinds" }),
        format: param.format(["csv", "xlsx"], "importFile.errors.templateFormats"),
      }),
      async ({ id, kind, format }, context) => {
        // The pilot is read through its procedure: who may see it may have its template.
        const pilot = await createCaller(context).pilots.get({ id });
        const sheet = pilotTemplateSheet(db, pilot.id, kind, context.today());
        const fileName = `${kind}-template-pilot-${pilot.id}.${format}`;
        // The sheet itself keeps the import format (English headings, ISO dates): it is read back by the importer.
        if (format === "csv") return { fileName, contentType: CSV_TYPE, body: sheetToCsv(sheet) };
        const t = translateFor(context.language);
        const body = await sheetsToXlsx([sheet], t("exportFiles.cover.sheetName"), [
          [t("importFile.template.template"), t(kind === "results" ? "importFile.template.resultsOf" : "importFile.template.indicatorsOf", { title: pilot.title })],
          [t("importFile.template.howTo"), t("importFile.template.howToText")],
          [t("importFile.template.numbers"), t("importFile.template.numbersText")],
          [t("importFile.template.format"), t("importFile.template.formatText")],
        ]);
        return { fileName, contentType: XLSX_TYPE, body };
      },
    ),
  );
}
