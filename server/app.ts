import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response } from "express";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { AppDatabase } from "../db/client";
import { isIsoDate } from "../shared/dates";
import { createInnerContext, type InnerContext } from "./context";
import { indicatorTableCsv, indicatorTableXlsx } from "./exports/indicatorTableFiles";
import { pilotTemplateSheet, projectDataSheets, sheetsToXlsx, sheetToCsv } from "./exports/projectDataFiles";
import { IMPORT_LIMITS } from "../shared/importFormat";
import { ImportJobError, prewarmImportWorker, startImportJob } from "./imports/importJobs";
import { appRouter, createCaller } from "./root";

export interface AppOptions {
  db: AppDatabase;
  /** Folder of the built client; served with a fallback to index.html for client-side routes. */
  clientDir?: string;
  today?: InnerContext["today"];
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  const contextFor = () => createInnerContext({ db: options.db, today: options.today });

  app.use("/api/trpc", createExpressMiddleware({ router: appRouter, createContext: contextFor, maxBodySize: 2_000_000 }));

  // Downloads go through the same procedures as the API, so their rules apply to files too.
  app.get("/api/exports/:scope/:id/indicator-table.:format", async (req: Request, res: Response) => {
    const { scope, id, format } = req.params as Record<string, string>;
    const asOfParam = typeof req.query.asOf === "string" && req.query.asOf !== "" ? req.query.asOf : undefined;
    try {
      if (asOfParam !== undefined && !isIsoDate(asOfParam)) throw new TRPCError({ code: "BAD_REQUEST", message: "asOf must be a date like 2021-09-30." });
      if (scope !== "pilots" && scope !== "projects") throw new TRPCError({ code: "NOT_FOUND", message: "Unknown export." });
      if (format !== "csv" && format !== "xlsx") throw new TRPCError({ code: "NOT_FOUND", message: "Exports come as .csv or .xlsx." });
      const numericId = Number(id);
      if (!Number.isInteger(numericId) || numericId <= 0) throw new TRPCError({ code: "BAD_REQUEST", message: "Not a valid id." });
      const caller = createCaller(contextFor());
      const table =
        scope === "pilots"
          ? await caller.exports.pilotIndicatorTable({ pilotId: numericId, asOf: asOfParam })
          : await caller.exports.projectIndicatorTable({ projectId: numericId, asOf: asOfParam });
      const fileName = `${table.fileStem}-${table.asOf}.${format}`;
      res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
      if (format === "csv") {
        res.type("text/csv; charset=utf-8").send(indicatorTableCsv(table, scope === "projects"));
      } else {
        res.type(XLSX_TYPE).send(await indicatorTableXlsx(table, { title: table.title, includePilot: scope === "projects" }));
      }
    } catch (error) {
      const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The export failed." });
      if (!(error instanceof TRPCError)) console.error(error);
      res.status(getHTTPStatusCodeFromError(trpcError)).type("text/plain").send(trpcError.message);
    }
  });

  /**
   * Uploads for import: the file is the raw request body (the browser sends it as is, no multipart),
   * the rest is in the query: fileName, enteredBy, and pilotId when importing into one pilot.
   * Answers 202 with the job id; the job is then followed through the imports.job query.
   */
  app.post(
    "/api/imports",
    express.raw({ type: () => true, limit: IMPORT_LIMITS.maxBytes }),
    (req: Request, res: Response) => {
      try {
        const query = req.query as Record<string, unknown>;
        const fileName = typeof query.fileName === "string" ? query.fileName.slice(0, 200) : "upload";
        const enteredBy = typeof query.enteredBy === "string" ? query.enteredBy.trim() : "";
        if (enteredBy === "" || enteredBy.length > 200) throw new ImportJobError(400, "Give your name: imported results are recorded as entered by you.");
        let pilotId: number | null = null;
        if (query.pilotId !== undefined && query.pilotId !== "") {
          pilotId = Number(query.pilotId);
          if (!Number.isInteger(pilotId) || pilotId <= 0) throw new ImportJobError(400, "Not a valid pilot id.");
        }
        const body = req.body as unknown;
        if (!(body instanceof Buffer) || body.length === 0) throw new ImportJobError(400, "The file is empty: choose a .csv or .xlsx file.");
        const job = startImportJob({ db: options.db, bytes: body, fileName, pilotId, enteredBy, today: contextFor().today() });
        res.status(202).json({ jobId: job.jobId });
      } catch (error) {
        if (!(error instanceof ImportJobError)) console.error(error);
        res.status(error instanceof ImportJobError ? error.status : 500).json({ error: error instanceof ImportJobError ? error.message : "The upload failed. Nothing was imported." });
      }
    },
    (error: { type?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
      const tooLarge = error.type === "entity.too.large";
      res.status(tooLarge ? 413 : 400).json({
        error: tooLarge ? `The file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB. Split it, or save it as .csv, which is smaller.` : "The upload could not be read. Nothing was imported.",
      });
    },
  );

  // Templates: the pilot's indicators (and, for results, its started periods) with their stored values.
  app.get("/api/imports/templates/pilots/:id/:kind.:format", async (req: Request, res: Response) => {
    const { id, kind, format } = req.params as Record<string, string>;
    try {
      if (kind !== "results" && kind !== "indicators") throw new TRPCError({ code: "NOT_FOUND", message: "Templates are for results or indicators." });
      if (format !== "csv" && format !== "xlsx") throw new TRPCError({ code: "NOT_FOUND", message: "Templates come as .csv or .xlsx." });
      const pilot = await createCaller(contextFor()).pilots.get({ id: Number(id) });
      const sheet = pilotTemplateSheet(options.db, pilot.id, kind, contextFor().today());
      res.setHeader("Content-Disposition", `attachment; filename="${kind}-template-pilot-${pilot.id}.${format}"`);
      if (format === "csv") res.type("text/csv; charset=utf-8").send(sheetToCsv(sheet));
      else
        res.type(XLSX_TYPE).send(
          await sheetsToXlsx([sheet], [
            ["Template", `${kind === "results" ? "Results" : "Indicators"} of ${pilot.title}`],
            ["How to", "Fill in or change the values, keep the header row, and upload the file on the pilot's Import page. Rows without values are skipped."],
            ["Numbers", 'Write 8,6 or 8.6; no thousands separators. Percentages: give Numerator and Denominator (Value is computed).'],
          ]),
        );
    } catch (error) {
      sendDownloadError(res, error);
    }
  });

  // The whole project as one workbook that the importer reads back (e.g. into another installation).
  app.get("/api/exports/projects/:id/project-data.xlsx", async (req: Request, res: Response) => {
    try {
      const project = await createCaller(contextFor()).projects.get({ id: Number(req.params.id) });
      const sheets = projectDataSheets(options.db, project.id);
      res.setHeader("Content-Disposition", `attachment; filename="project-data-${project.id}.xlsx"`);
      res.type(XLSX_TYPE).send(
        await sheetsToXlsx(sheets, [
          ["Export", `Project data: ${project.name}`],
          ["Created", new Date().toISOString().slice(0, 16).replace("T", " ")],
          ["Contents", "Projects, Pilots, Indicators and Results sheets; archived pilots and indicators are left out. Import it on the Projects page."],
        ]),
      );
    } catch (error) {
      sendDownloadError(res, error);
    }
  });

  app.use("/api", (_req, res) => {
    res.status(404).json({ error: "Unknown API route." });
  });

  prewarmImportWorker();

  if (options.clientDir && existsSync(resolve(options.clientDir, "index.html"))) {
    const clientDir = resolve(options.clientDir);
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    app.get(/.*/, (_req, res) => {
      res.sendFile(resolve(clientDir, "index.html"));
    });
  }
  return app;
}

function sendDownloadError(res: Response, error: unknown) {
  const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The download failed." });
  if (!(error instanceof TRPCError)) console.error(error);
  res.status(getHTTPStatusCodeFromError(trpcError)).type("text/plain").send(trpcError.message);
}
