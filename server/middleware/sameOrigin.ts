import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests sent by another site's page (cross-site request forgery): a browser
 * always names the page's origin in `Origin` (or at least `Referer`) on such requests, and it must be this
 * server's own. Requests with neither header come from programs, not from a browser page that a
 * signed-in person was lured to, and pass (the session cookie is SameSite as well).
 */
export function sameOriginWrites() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const claimed = req.get("origin") ?? refererOrigin(req.get("referer"));
    if (claimed === undefined) return next();
    // The host alone: behind an HTTPS proxy the scheme seen here differs from the page's, the host does not.
    if (hostOf(claimed) === req.get("host")) return next();
    res.status(403).json({ error: { message: "This request came from another site and was refused.", data: { code: "FORBIDDEN", httpStatus: 403 } } });
  };
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "invalid";
  }
}
