import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response } from "express";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { AppDatabase } from "../db/client";
import { createRequestContext, type InnerContext } from "./context";
import { createSignInLimiter, defaultSignInLimits, type SignInLimiterOptions } from "./services/signInLimiter";
import { sameOriginWrites } from "./middleware/sameOrigin";
import { securityHeaders } from "./middleware/securityHeaders";
import { IMPORT_LIMITS } from "../shared/importFormat";
import { ImportJobError, prewarmImportWorker, startImportJob } from "./imports/importJobs";
import { resolveTarget } from "./access";
import { can, isAdministrator } from "../shared/access";
import { appRouter } from "./root";
import { message } from "../shared/i18n/message";
import { translate } from "./i18n";
import { exportRoutes } from "./http/exports";
import { historyRoutes } from "./http/history";
import { reportRoutes } from "./http/reports";
import { templateRoutes } from "./http/templates";

/*
 * The app composes: security middleware, the tRPC API, and the plain HTTP routes of server/http/ (thin
 * adapters over the routers: parameters parsed once, errors mapped once).
 */

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

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders());
  app.use(sameOriginWrites());
  const shared = { db: options.db, today: options.today, demoMode: options.demoMode ?? false, signInLimiter: createSignInLimiter(options.signInLimits ?? defaultSignInLimits) };
  const contextFor = (req: Request, res: Response) => createRequestContext(shared, req, res);

  app.use("/api/trpc", createExpressMiddleware({ router: appRouter, createContext: ({ req, res }) => contextFor(req, res), maxBodySize: 2_000_000 }));

  historyRoutes(app, contextFor);
  exportRoutes(app, contextFor, options.db);
  reportRoutes(app, contextFor);
  templateRoutes(app, contextFor, options.db);

  /**
   * Uploads for import: the file is the raw request body (the browser sends it as is, no multipart),
   * the rest is in the query: fileName, enteredBy, and pilotId when importing into one pilot.
   * Answers 202 with the job id; the job is then followed through the imports.job query.
   */
  app.post(
    "/api/imports",
    express.raw({ type: () => true, limit: IMPORT_LIMITS.maxBytes }),
    (req: Request, res: Response) => {
      const context = contextFor(req, res);
      try {
        if (!context.user) throw new ImportJobError(401, message("importFile.errors.signIn"));
        const query = req.query as Record<string, unknown>;
        const fileName = typeof query.fileName === "string" ? query.fileName.slice(0, 200) : "upload";
        // Imported results are recorded under the signed-in person's name, like results typed in the form.
        const enteredBy = context.user.name;
        let pilotId: number | null = null;
        if (query.pilotId !== undefined && query.pilotId !== "") {
          pilotId = Number(query.pilotId);
          if (!Number.isInteger(pilotId) || pilotId <= 0) throw new ImportJobError(400, message("importFile.errors.invalidPilotId"));
          const target = resolveTarget(options.db, { pilot: "pilotId" }, pilotId);
          if (!target || !can(context.user.memberships, "enterResults", target)) throw new ImportJobError(403, message("importFile.errors.notAllowedForPilot"));
        } else if (!isAdministrator(context.user.memberships)) {
          // Project data can create projects and pilots: an administrator's job.
          throw new ImportJobError(403, message("importFile.errors.onlyAdministrators"));
        }
        const body = req.body as unknown;
        if (!(body instanceof Buffer) || body.length === 0) throw new ImportJobError(400, message("importFile.errors.emptyFile"));
        const job = startImportJob({ db: options.db, bytes: body, fileName, pilotId, enteredBy, today: context.today() });
        res.status(202).json({ jobId: job.jobId });
      } catch (error) {
        if (!(error instanceof ImportJobError)) console.error(error);
        res
          .status(error instanceof ImportJobError ? error.status : 500)
          .json({ error: translate(context.language, error instanceof ImportJobError ? error.text : message("importFile.errors.uploadFailed")) });
      }
    },
    (error: { type?: string }, req: Request, res: Response, _next: express.NextFunction) => {
      const tooLarge = error.type === "entity.too.large";
      const language = contextFor(req, res).language;
      res.status(tooLarge ? 413 : 400).json({
        error: translate(language, tooLarge ? message("importFile.errors.tooLarge", { megabytes: IMPORT_LIMITS.maxBytes / 1024 / 1024 }) : message("importFile.errors.unreadableUpload")),
      });
    },
  );

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
