import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response } from "express";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { AppDatabase } from "../db/client";
import { isIsoDate } from "../shared/dates";
import { ZodError } from "zod";
import { exportTables, parseExportSearchParams } from "../shared/exportRequest";
import { documentFile } from "./exports/documentFiles";
import { stringify } from "csv-stringify/sync";
import { createRequestContext, type InnerContext } from "./context";
import { createSignInLimiter, defaultSignInLimits, type SignInLimiterOptions } from "./services/signInLimiter";
import { indicatorTableCsv, indicatorTableXlsx } from "./exports/indicatorTableFiles";
import { finalReportDocx } from "./reports/finalReportDocx";
import { sameOriginWrites } from "./middleware/sameOrigin";
import { securityHeaders } from "./middleware/securityHeaders";
import { stakeholderRegisterCsv, stakeholderRegisterXlsx } from "./exports/stakeholderRegisterFiles";
import { pilotTemplateSheet, projectDataSheets, sheetsToXlsx, sheetToCsv } from "./exports/projectDataFiles";
import { prewarmImportWorker } from "./imports/importJobs";
import { importUpload } from "./http/importUpload";
import { appRouter, createCaller } from "./root";
import { message } from "../shared/i18n/message";
import { DEFAULT_LANGUAGE } from "../shared/i18n/languages";
import { messageOfIssue } from "../shared/i18n/translateIssue";
import { translate } from "./i18n";
import { UserMessage, userError } from "./errors";
import { csvLocaleFor, translateFor } from "./exports/localeCells";

export interface AppOptions {
  db: AppDatabase;
  /** Folder of the built client; served with a fallback to index.html for client-side routes. */
  clientDir?: string;
  today?: InnerContext["today"];
  /** Whether the sign-in page shows the demo accounts' passwords (README, docs/decisions/009). */
  demoMode?: boolean;
  signInLimits?: SignInLimiterOptions;
  /** express's "trust proxy": set when behind an HTTPS proxy, so that cookies get Secure. */
  trustProxy?: string | boolean | number;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders());
  app.use(sameOriginWrites());
  const shared = { db: options.db, today: options.today, demoMode: options.demoMode ?? false, signInLimiter: createSignInLimiter(options.signInLimits ?? defaultSignInLimits) };
  const contextFor = (req: Request, res: Response) => createRequestContext(shared, req, res);

  app.use("/api/trpc", createExpressMiddleware({ router: appRouter, createContext: ({ req, res }) => contextFor(req, res), maxBodySize: 2_000_000 }));

  // The audit trail of a pilot, for evaluators: same procedure, same permission check as the history view.
  app.get("/api/exports/pilots/:id/history.csv", async (req: Request, res: Response) => {
    const context = contextFor(req, res);
    try {
      const pilotId = Number(req.params.id);
      if (!Number.isInteger(pilotId) || pilotId <= 0) throw userError("BAD_REQUEST", message("exportFiles.errors.invalidId"));
      const { entries } = await createCaller(context).history.pilot({ pilotId });
      const rows = entries.map((e) => [e.at, e.actorName, e.entityType, e.entityId, e.action, e.before ?? "", e.after ?? ""]);
      res.setHeader("Content-Disposition", `attachment; filename="history-pilot-${pilotId}.csv"`);
      // An audit trail: headings in the reader's language and the locale's separator; the timestamps, record
      // kinds, actions and before/after values stay as recorded, so that the trail can be checked as data.
      const t = translateFor(context.language);
      const header = (["at", "who", "what", "id", "action", "before", "after"] as const).map((column) => t(`exportFiles.history.${column}`));
      res.type("text/csv; charset=utf-8").send("\ufeff" + stringify([header, ...rows], { delimiter: csvLocaleFor(context.language).delimiter }));
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  // Downloads go through the same procedures as the API, so their rules apply to files too.
  app.get("/api/exports/:scope/:id/indicator-table.:format", async (req: Request, res: Response) => {
    const { scope, id, format } = req.params as Record<string, string>;
    const asOfParam = typeof req.query.asOf === "string" && req.query.asOf !== "" ? req.query.asOf : undefined;
    const context = contextFor(req, res);
    try {
      if (asOfParam !== undefined && !isIsoDate(asOfParam)) throw userError("BAD_REQUEST", message("exportFiles.errors.asOfNotDate"));
      if (scope !== "pilots" && scope !== "projects") throw userError("NOT_FOUND", message("exportFiles.errors.unknownExport"));
      if (format !== "csv" && format !== "xlsx") throw userError("NOT_FOUND", message("exportFiles.errors.formats"));
      const numericId = Number(id);
      if (!Number.isInteger(numericId) || numericId <= 0) throw userError("BAD_REQUEST", message("exportFiles.errors.invalidId"));
      const caller = createCaller(context);
      const table =
        scope === "pilots"
          ? await caller.exports.pilotIndicatorTable({ pilotId: numericId, asOf: asOfParam })
          : await caller.exports.projectIndicatorTable({ projectId: numericId, asOf: asOfParam });
      const fileName = `${table.fileStem}-${table.asOf}.${format}`;
      res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
      if (format === "csv") {
        res.type("text/csv; charset=utf-8").send(indicatorTableCsv(table, scope === "projects", context.language));
      } else {
        res.type(XLSX_TYPE).send(await indicatorTableXlsx(table, { title: table.title, includePilot: scope === "projects", language: context.language }));
      }
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  app.get("/api/exports/pilots/:id/final-report.docx", async (req: Request, res: Response) => {
    const context = contextFor(req, res);
    try {
      const pilotId = Number(req.params.id);
      if (!Number.isInteger(pilotId) || pilotId <= 0) throw userError("BAD_REQUEST", message("exportFiles.errors.invalidId"));
      const asOfParam = typeof req.query.asOf === "string" && req.query.asOf !== "" ? req.query.asOf : undefined;
      const report = await createCaller(context).reports.finalReport({ pilotId, asOf: asOfParam });
      res.setHeader("Content-Disposition", `attachment; filename="${report.fileStem}-${report.asOf}.docx"`);
      res.type(DOCX_TYPE).send(await finalReportDocx(report));
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  // The Exports page's downloads: /api/exports/tables/rollup.xlsx?projectId=1&statuses=at_risk,underperforming
  app.get("/api/exports/tables/:table.:format", async (req: Request, res: Response) => {
    const { table, format } = req.params as Record<string, string>;
    const context = contextFor(req, res);
    try {
      if (!(exportTables as readonly string[]).includes(table ?? "")) throw userError("NOT_FOUND", message("exportFiles.errors.unknownExport"));
      if (format !== "xlsx" && format !== "csv") throw userError("NOT_FOUND", message("exportFiles.errors.formats"));
      const query = new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
      let request;
      try {
        request = parseExportSearchParams(table!, query);
      } catch (error) {
        if (!(error instanceof ZodError)) throw error;
        const say = (issue: (typeof error.issues)[number]) => translate(context.language, messageOfIssue(issue));
        const details = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${say(i)}` : say(i))).join(" ");
        throw userError("BAD_REQUEST", message("exportFiles.errors.invalidFilters", { details }));
      }
      const doc = await createCaller(context).exports.document(request);
      const file = await documentFile(doc, format);
      res.setHeader("Content-Disposition", `attachment; filename="${file.fileName}"`);
      res.type(file.contentType).send(file.body);
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  app.get("/api/exports/pilots/:id/stakeholders.:format", async (req: Request, res: Response) => {
    const { id, format } = req.params as Record<string, string>;
    const context = contextFor(req, res);
    try {
      if (format !== "csv" && format !== "xlsx") throw userError("NOT_FOUND", message("exportFiles.errors.formats"));
      const numericId = Number(id);
      if (!Number.isInteger(numericId) || numericId <= 0) throw userError("BAD_REQUEST", message("exportFiles.errors.invalidId"));
      const register = await createCaller(context).stakeholders.register({ pilotId: numericId });
      res.setHeader("Content-Disposition", `attachment; filename="stakeholders-pilot-${numericId}.${format}"`);
      if (format === "csv") res.type("text/csv; charset=utf-8").send(stakeholderRegisterCsv(register, context.language));
      else res.type(XLSX_TYPE).send(await stakeholderRegisterXlsx(register, context.language));
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  app.post("/api/imports", ...importUpload({ db: options.db, contextFor }));

  // Templates: the pilot's indicators (and, for results, its started periods) with their stored values.
  app.get("/api/imports/templates/pilots/:id/:kind.:format", async (req: Request, res: Response) => {
    const { id, kind, format } = req.params as Record<string, string>;
    const context = contextFor(req, res);
    const t = translateFor(context.language);
    try {
      if (kind !== "results" && kind !== "indicators") throw userError("NOT_FOUND", message("importFile.errors.templateKinds"));
      if (format !== "csv" && format !== "xlsx") throw userError("NOT_FOUND", message("importFile.errors.templateFormats"));
      const pilot = await createCaller(context).pilots.get({ id: Number(id) });
      const sheet = pilotTemplateSheet(options.db, pilot.id, kind, context.today());
      res.setHeader("Content-Disposition", `attachment; filename="${kind}-template-pilot-${pilot.id}.${format}"`);
      // The sheet itself keeps the import format (English headings, ISO dates): it is read back by the importer.
      if (format === "csv") res.type("text/csv; charset=utf-8").send(sheetToCsv(sheet));
      else
        res.type(XLSX_TYPE).send(
          await sheetsToXlsx([sheet], t("exportFiles.cover.sheetName"), [
            [t("importFile.template.template"), t(kind === "results" ? "importFile.template.resultsOf" : "importFile.template.indicatorsOf", { title: pilot.title })],
            [t("importFile.template.howTo"), t("importFile.template.howToText")],
            [t("importFile.template.numbers"), t("importFile.template.numbersText")],
            [t("importFile.template.format"), t("importFile.template.formatText")],
          ]),
        );
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  // The whole project as one workbook that the importer reads back (e.g. into another installation).
  app.get("/api/exports/projects/:id/project-data.xlsx", async (req: Request, res: Response) => {
    const context = contextFor(req, res);
    const t = translateFor(context.language);
    try {
      const project = await createCaller(context).projects.get({ id: Number(req.params.id) });
      const sheets = projectDataSheets(options.db, project.id);
      res.setHeader("Content-Disposition", `attachment; filename="project-data-${project.id}.xlsx"`);
      res.type(XLSX_TYPE).send(
        await sheetsToXlsx(sheets, t("exportFiles.cover.sheetName"), [
          [t("exportFiles.cover.export"), t("importFile.projectData.title", { name: project.name })],
          [t("exportFiles.cover.created"), new Date().toISOString().slice(0, 16).replace("T", " ")],
          [t("importFile.projectData.contents"), t("importFile.projectData.contentsText")],
          [t("importFile.template.format"), t("importFile.template.formatText")],
        ]),
      );
    } catch (error) {
      sendError(res, error, context.language);
    }
  });

  app.use("/api", (req, res) => {
    res.status(404).json({ error: translate(contextFor(req, res).language, message("exportFiles.errors.unknownRoute")) });
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

/**
 * A refused download says why in plain text, in the reader's language; an unexpected failure is logged and
 * said in general terms.
 */
function sendError(res: Response, error: unknown, language: string = DEFAULT_LANGUAGE) {
  const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The export failed." });
  if (!(error instanceof TRPCError) || trpcError.code === "INTERNAL_SERVER_ERROR") console.error(error);
  // An internal error's own message may name SQL or files: the client only learns that the export failed.
  const text =
    trpcError.code === "INTERNAL_SERVER_ERROR"
      ? message("exportFiles.errors.failed")
      : trpcError.cause instanceof UserMessage
        ? trpcError.cause.userMessage
        : trpcError.cause instanceof ZodError
          ? message("exportFiles.errors.invalidFilters", { details: trpcError.cause.issues.map((i) => translate(language, messageOfIssue(i))).join(" ") })
          : trpcError.message;
  res.status(getHTTPStatusCodeFromError(trpcError)).type("text/plain").send(translate(language, text));
}
