import type { NextFunction, Request, Response } from "express";

/** Loopback names are always served: the server on one's own machine, the tests, a proxy on the same host. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The host names (without port) this server answers for: loopback, those of `ALLOWED_HOSTS` (comma
 * separated) and the host of `PUBLIC_URL`.
 */
export function allowedHostNames(env: { ALLOWED_HOSTS?: string; PUBLIC_URL?: string } = process.env): Set<string> {
  const names = new Set(LOOPBACK);
  for (const entry of (env.ALLOWED_HOSTS ?? "").split(",")) {
    const name = hostName(entry.trim());
    if (name) names.add(name);
  }
  if (env.PUBLIC_URL) {
    try {
      names.add(new URL(env.PUBLIC_URL).hostname.toLowerCase());
    } catch {
      // An unreadable PUBLIC_URL names no host; loopback and ALLOWED_HOSTS still hold.
    }
  }
  return names;
}

/** "Example.org:8080" → "example.org", "[::1]:3000" → "[::1]"; null for what is not a host. */
export function hostName(host: string): string | null {
  const value = host.trim().toLowerCase();
  if (value === "") return null;
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end > 0 ? value.slice(0, end + 1) : null;
  }
  const colon = value.indexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

/**
 * Refuses requests whose Host header names a host this server does not serve. A page on an attacker's
 * domain that rebinds its DNS name to this server's address sends its own name as Host: refusing it
 * keeps that page from reading anonymous answers (in demo mode, the demo passwords).
 */
export function allowedHosts(names: Set<string> = allowedHostNames()) {
  return (req: Request, res: Response, next: NextFunction) => {
    const name = hostName(req.get("host") ?? "");
    if (name && names.has(name)) return next();
    res.status(421).type("text/plain").send("This server does not serve that host name.");
  };
}
