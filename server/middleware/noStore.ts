import type { NextFunction, Request, Response } from "express";

/**
 * Answers of the API and downloads are someone's data (results, registers, exports): a shared or browser
 * cache must not keep them for the next person on the machine or behind the proxy. Set before the
 * routes so every answer under /api carries it, errors included; a route may not loosen it.
 */
export function noStore() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.set("Cache-Control", "no-store");
    next();
  };
}
