import { parse as parseCookies } from "cookie";
import type { Request, Response } from "express";
import type { AppDatabase } from "../db/client";
import type { IsoDate } from "../shared/dates";
import { processClock } from "./clock";
import { acceptLanguagePreferences, DEFAULT_LANGUAGE, LANGUAGE_HEADER } from "../shared/i18n/languages";
import { bestLanguage } from "./i18n";
import type { Actor } from "./services/audit";
import { resolveSession, type SignedInUser } from "./services/sessions";
import { createSignInLimiter, type SignInLimiter } from "./services/signInLimiter";
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from "./services/deviceCookies";

export type { SignedInUser } from "./services/sessions";

export const SESSION_COOKIE = "pm_session";

/** What a procedure may know about the request it serves, and how it sets the session cookie. */
export interface RequestInfo {
  /** The client's address, for the sign-in rate limit. */
  address: string;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
  /** The browser's device cookie (server/services/deviceCookies.ts), if it sent one. */
  deviceCookie?: string | undefined;
  setDeviceCookie?(value: string): void;
}

/**
 * 1. Context. The inner context is everything a procedure may use; tests build it directly.
 * The signed-in user and their memberships are resolved here, in this one place.
 */
export interface InnerContext {
  db: AppDatabase;
  /** Today's date; injectable so tests and demo data agree on "now". */
  today: () => IsoDate;
  /** null when nobody is signed in. */
  user: SignedInUser | null;
  /** The hashed id of the current session, so that "sign out everywhere else" can keep it. */
  sessionId: string | null;
  request: RequestInfo;
  signInLimiter: SignInLimiter;
  /** Whether the sign-in page may show the demo accounts' passwords. */
  demoMode: boolean;
  /** The language to write messages in: the one the page is shown in, else the account's, else the browser's. */
  language: string;
  /** Whether e-mail is configured (SMTP_URL): without it, an inviter is shown the link to pass on. */
  mailEnabled: boolean;
}

export interface ContextOptions {
  db: AppDatabase;
  today?: () => IsoDate;
  user?: SignedInUser | null;
  sessionId?: string | null;
  request?: RequestInfo;
  signInLimiter?: SignInLimiter;
  demoMode?: boolean;
  language?: string;
  mailEnabled?: boolean;
}

const noCookies: RequestInfo = { address: "local", setSessionCookie: () => {}, clearSessionCookie: () => {} };

export function createInnerContext(options: ContextOptions): InnerContext {
  return {
    db: options.db,
    today: options.today ?? (() => processClock().today()),
    user: options.user ?? null,
    sessionId: options.sessionId ?? null,
    request: options.request ?? noCookies,
    signInLimiter: options.signInLimiter ?? createSignInLimiter(),
    demoMode: options.demoMode ?? false,
    language: options.language ?? options.user?.language ?? DEFAULT_LANGUAGE,
    mailEnabled: options.mailEnabled ?? false,
  };
}

/** The context of an HTTP request: the session cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS) names the user. */
export function createRequestContext(shared: Omit<ContextOptions, "user" | "sessionId" | "request">, req: Request, res: Response): InnerContext {
  const cookies = parseCookies(req.headers.cookie ?? "");
  const token = cookies[SESSION_COOKIE];
  const session = resolveSession(shared.db, token);
  // req.secure follows X-Forwarded-Proto only when express trusts the proxy (TRUST_PROXY, see README).
  const cookieOptions = { httpOnly: true, sameSite: "lax" as const, secure: req.secure, path: "/" };
  // The client names the language its page is in (LANGUAGE_HEADER); downloads and other plain requests do not.
  const pageLanguage = req.get(LANGUAGE_HEADER) ?? (typeof req.query.lang === "string" ? req.query.lang : undefined);
  return createInnerContext({
    ...shared,
    language: bestLanguage([pageLanguage, session?.user.language, ...acceptLanguagePreferences(req.get("accept-language"))]),
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    request: {
      address: req.ip ?? req.socket.remoteAddress ?? "unknown",
      setSessionCookie: (value, expiresAt) => res.cookie(SESSION_COOKIE, value, { ...cookieOptions, expires: expiresAt }),
      clearSessionCookie: () => res.clearCookie(SESSION_COOKIE, cookieOptions),
      deviceCookie: cookies[DEVICE_COOKIE],
      // Kept on sign-out: it only says this browser once signed in to the account, and that stays true.
      setDeviceCookie: (value) => res.cookie(DEVICE_COOKIE, value, { ...cookieOptions, sameSite: "strict", maxAge: DEVICE_COOKIE_DAYS * 86_400_000 }),
    },
  });
}

export function actorOf(ctx: InnerContext): Actor {
  return ctx.user ? { id: ctx.user.id, name: ctx.user.name } : { id: null, name: "Nobody signed in" };
}

export type Context = InnerContext;
