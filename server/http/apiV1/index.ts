import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import { ZodError, type z } from "zod";
import type { AppDatabase } from "../../../db/client";
import { acceptLanguagePreferences } from "../../../shared/i18n/languages";
import { message, type Message } from "../../../shared/i18n/message";
import { messageOfIssue } from "../../../shared/i18n/translateIssue";
import { processClock } from "../../clock";
import { createInnerContext, type InnerContext } from "../../context";
import { FieldErrors, UserMessage } from "../../errors";
import { bestLanguage, translate } from "../../i18n";
import { logger } from "../../logger";
import { createCaller } from "../../root";
import { resolveBearer } from "../../services/apiTokens";
import { recordTokenUse } from "../../services/securityLog";
import { API_BASE, openApiDocument } from "./openapi";
import { referencePage, referenceStyles } from "./referencePage";
import { apiRoutes, type ApiRoute } from "./routes";

/*
 * /api/v1: the integration API (docs/decisions/016-api-tokens.md). Each request names a personal access
 * token (`Authorization: Bearer`); it acts as the token's owner with their roles of the moment; every use
 * goes to the security log; each token has its own rate limit. The document and its reference page are
 * open, the data is not.
 */

export interface ApiRateLimit {
  /** Requests per token within the window. */
  limit: number;
  windowMs: number;
}

export const defaultApiRateLimit: ApiRateLimit = { limit: 120, windowMs: 60_000 };

interface ApiLocals {
  ctx: InnerContext;
  tokenId: number;
  scope: "read" | "read_write";
}

type Say = (text: Message | string) => string;

function sendError(res: Response, status: number, code: string, text: string, fieldErrors?: Record<string, string>) {
  res.status(status).json({ error: { code, message: text, ...(fieldErrors ? { fieldErrors } : {}) } });
}

/** One mapping of a failure to the API's JSON error: the same sentences the app shows, in the reader's language. */
function sendFailure(res: Response, error: unknown, say: Say) {
  const zodError = error instanceof ZodError ? error : error instanceof TRPCError && error.cause instanceof ZodError ? error.cause : null;
  if (zodError) {
    const fieldErrors = Object.fromEntries(zodError.issues.map((issue) => [issue.path.join(".") || "body", say(messageOfIssue(issue))]));
    return sendError(res, 400, "BAD_REQUEST", say(message("api.errors.invalid")), fieldErrors);
  }
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    const status = getHTTPStatusCodeFromError(error);
    const cause = error.cause;
    const fieldErrors = cause instanceof FieldErrors ? Object.fromEntries(Object.entries(cause.fieldErrors).map(([field, text]) => [field, say(text)])) : undefined;
    return sendError(res, status, error.code, say(cause instanceof UserMessage ? cause.userMessage : error.message), fieldErrors);
  }
  logger.error({ err: error }, "unexpected error in the HTTP API");
  sendError(res, 500, "INTERNAL_SERVER_ERROR", say("errors.internal"));
}

const languageOf = (req: Request, owner?: string | null) => bestLanguage([...acceptLanguagePreferences(req.get("accept-language")), owner]);
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? "unknown";

/** The bearer token's owner as the request's person, or a 401; the use (or the refused use) is logged. */
function bearerAuth(db: AppDatabase, today: InnerContext["today"] | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const say: Say = (text) => translate(languageOf(req), text);
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return sendError(res, 401, "UNAUTHORIZED", say(message("api.errors.tokenMissing")));
    const resolved = resolveBearer(db, match[1]!, processClock().now());
    if (!resolved.ok) {
      if (resolved.reason !== "unknown") recordTokenUse(db, { event: "token_refused", tokenId: resolved.tokenId, userId: resolved.userId, address: addressOf(req) });
      return sendError(res, 401, "UNAUTHORIZED", say(message("api.errors.tokenInvalid")));
    }
    recordTokenUse(db, { event: "token_used", tokenId: resolved.tokenId, userId: resolved.user.id, address: addressOf(req) });
    const ctx = createInnerContext({
      db,
      today,
      user: resolved.user,
      language: languageOf(req, resolved.user.language),
      request: { address: addressOf(req), setSessionCookie: () => {}, clearSessionCookie: () => {} },
    });
    res.locals.api = { ctx, tokenId: resolved.tokenId, scope: resolved.scope } satisfies ApiLocals;
    next();
  };
}

const parsed = (schema: z.ZodType | undefined, value: unknown) => (schema ? (schema.parse(value ?? {}) as Record<string, unknown>) : {});

function handlerOf(route: ApiRoute) {
  return async (req: Request, res: Response) => {
    const { ctx, scope } = res.locals.api as ApiLocals;
    const say: Say = (text) => translate(ctx.language, text);
    try {
      if (route.scope === "write" && scope !== "read_write") return sendError(res, 403, "FORBIDDEN", say(message("api.errors.readOnlyToken")));
      const params = parsed(route.params, req.params);
      const query = parsed(route.query, req.query);
      const body = route.body ? route.body.parse(req.body) : undefined;
      const answer = await route.handle({ params, query, body }, { ctx, caller: createCaller(ctx) });
      res.json(answer);
    } catch (error) {
      sendFailure(res, error, say);
    }
  };
}

export function apiV1Routes(options: { db: AppDatabase; today?: InnerContext["today"]; rateLimit?: ApiRateLimit }): Router {
  const api = express.Router();
  api.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  api.get("/docs", (_req, res) => {
    res.type("html").send(referencePage(openApiDocument()));
  });
  api.get("/docs.css", (_req, res) => {
    res.type("css").send(referenceStyles);
  });

  const limits = options.rateLimit ?? defaultApiRateLimit;
  const perToken = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (_req, res) => `token:${(res.locals.api as ApiLocals).tokenId}`,
    handler: (req, res) => {
      const { ctx } = res.locals.api as ApiLocals;
      sendError(res, 429, "TOO_MANY_REQUESTS", translate(ctx?.language ?? languageOf(req), message("api.errors.tooManyRequests")));
    },
  });

  api.use(bearerAuth(options.db, options.today), perToken, express.json({ limit: "1mb" }));
  for (const route of apiRoutes) api[route.method](route.path.replace(/\{(\w+)\}/g, ":$1"), handlerOf(route));
  // A body that is not JSON: the same answer as any refused input.
  api.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const say: Say = (text) => translate(languageOf(req), text);
    if (error && typeof error === "object" && "type" in error && (error as { type: string }).type === "entity.parse.failed")
      return sendError(res, 400, "BAD_REQUEST", say(message("api.errors.notJson")));
    sendFailure(res, error, say);
  });
  api.use((req, res) => sendError(res, 404, "NOT_FOUND", translate(languageOf(req), message("api.errors.unknownRoute"))));
  return api;
}

export { API_BASE };
