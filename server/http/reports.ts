import type { Router } from "express";
import { z } from "zod";
import { finalReportDocx } from "../reports/finalReportDocx";
import { createCaller } from "../root";
import { fileRoute, param, type ContextFor } from "./route";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The final report as a Word document, from the same procedure as the report page. */
export function reportRoutes(app: Router, contextFor: ContextFor): void {
  app.get(
    "/api/exports/pilots/:id/final-report.docx",
    fileRoute(contextFor, z.object({ id: param.id, asOf: param.asOf }), async ({ id, asOf }, context) => {
      const report = await createCaller(context).reports.finalReport({ pilotId: id, asOf });
      return { fileName: `${report.fileStem}-${report.asOf}.docx`, contentType: DOCX_TYPE, body: await finalReportDocx(report) };
    }),
  );
}
