import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import { unsubscribeRoutes } from "./http/unsubscribe";
import express, { type Request, type Response } from "express";
import { existsSync } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import type { AppDatabase } from "../db/client";
import { createRequestContext, type InnerContext } from "./context";
import { createSignInLimiter, type SignInLimiterOptions } from "./services/signInLimiter";
import { allowedHosts } from "./middleware/allowedHosts";
import { batchLimit } from "./middleware/batchLimit";
import { noStore } from "./middleware/noStore";
import { sameOriginWrites } from "./middleware/sameOrigin";
import { securityHeaders } from "./middleware/securityHeaders";
import { prewarmImportWorker } from "./imports/importJobs";
import { importUpload } from "./http/importUpload";
import { appRouter } from "./root";
import { message } from "../shared/i18n/message";
import { translate } from "./i18n";
import { evidenceRoutes } from "./http/evidence";
import { exportRoutes } from "./http/exports";
import { historyRoutes } from "./http/history";
import { reportRoutes } from "./http/reports";
import { templateRoutes } from "./http/templates";
import { healthRoutes } from "./http/health";
import { apiV1Routes, type ApiRateLimit } from "./http/apiV1";
import { logger as processLogger, requestLog, type Logger } from "./logger";

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
  signInLimits?: Partial<SignInLimiterOptions>;
  /** express's "trust proxy": set when behind an HTTPS proxy, so that cookies get Secure. */
  trustProxy?: string | boolean | number;
  /** Whether e-mail is configured (SMTP_URL): without it, inviters are shown the link to pass on. */
  mailEnabled?: boolean;
  /** Where the request log goes; the process's logger (server/logger.ts) unless a test captures it. */
  logger?: Logger;
  /** Requests per personal access token and window on /api/v1 (server/http/apiV1). */
  apiRateLimit?: ApiRateLimit;
}

/** Vite names these files by their content's hash: a new build gives new names, so they never go stale. */
const HASHED_ASSETS = `assets${sep}`;

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  app.use(requestLog(options.logger ?? processLogger));
  app.use(allowedHosts());
  app.use(compression());
  app.use(securityHeaders());
  app.use(sameOriginWrites());
  app.use("/api", noStore());
  const shared = {
    db: options.db,
    today: options.today,
    demoMode: options.demoMode ?? false,
    mailEnabled: options.mailEnabled ?? false,
    signInLimiter: createSignInLimiter(options.signInLimits),
  };
  const contextFor = (req: Request, res: Response) => createRequestContext(shared, req, res);

  healthRoutes(app, options.db);
  app.use("/api/v1", apiV1Routes({ db: options.db, today: options.today, rateLimit: options.apiRateLimit }));
  app.use("/api/trpc", batchLimit(), createExpressMiddleware({ router: appRouter, createContext: ({ req, res }) => contextFor(req, res), maxBodySize: 2_000_000 }));

  historyRoutes(app, contextFor);
  exportRoutes(app, contextFor, options.db);
  reportRoutes(app, contextFor);
  templateRoutes(app, contextFor, options.db);

  app.post("/api/imports", ...importUpload({ db: options.db, contextFor }));
  evidenceRoutes(app, contextFor);
  unsubscribeRoutes(app, options.db);

  app.use("/api", (req, res) => {
    res.status(404).json({ error: translate(contextFor(req, res).language, message("exportFiles.errors.unknownRoute")) });
  });

  prewarmImportWorker();

  if (options.clientDir && existsSync(resolve(options.clientDir, "index.html"))) {
    const clientDir = resolve(options.clientDir);
    app.use(
      express.static(clientDir, {
        index: false,
        maxAge: "1h",
        setHeaders(res, path) {
          if (relative(clientDir, path).startsWith(HASHED_ASSETS)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
          else if (basename(path) === "index.html") res.setHeader("Cache-Control", "no-cache");
        },
      }),
    );
    // The page names the current build's assets: the browser asks again each time (a 304 when unchanged).
    app.get(/.*/, (_req, res) => {
      res.sendFile(resolve(clientDir, "index.html"), { headers: { "Cache-Control": "no-cache" } });
    });
  }
  return app;
}
