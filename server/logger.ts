import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import { pinoHttp } from "pino-http";

/*
 * One JSON line per event on standard output (journald or the container runtime keeps it). LOG_LEVEL
 * chooses how much: fatal, error, warn, info (the default: one line per request), debug, trace or silent.
 */

export type { Logger };

/** Keys whose values never reach a log line, wherever an error or object passed to the logger carries them. */
const SECRET_KEYS = ["password", "passwordHash", "token", "cookie", "authorization", "set-cookie"];
const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`].map((path) => (key.includes("-") ? path.replace(key, `["${key}"]`) : path)));

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino({ level: options.level ?? process.env.LOG_LEVEL ?? "info", redact: { paths: redactPaths, censor: "[hidden]" }, base: undefined }, options.destination);
}

/** The process's logger, for start-up lines and unexpected errors. */
export const logger = createLogger();

/** A request id a proxy already gave (so that its log and ours can be joined), if it looks like one. */
const PROXY_REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * One line per finished request: its id (also sent back as X-Request-Id), method, path, status and
 * duration. Only the path: query strings, headers and bodies may carry cookies, passwords or tokens.
 */
export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && PROXY_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({ method: req.method, path: (req.originalUrl ?? req.url ?? "").split("?")[0] }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request failed",
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
  });
}
