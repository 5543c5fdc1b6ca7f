import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { AppDatabase } from "../../db/client";
import { apiTokens, securityLog, users } from "../../db/schema";
import { SECURITY_LOG_PAGE_SIZE, type SecurityEvent } from "../../shared/securityEvents";
import { nowTimestamp } from "../clock";

type Writer = Pick<AppDatabase, "insert" | "select" | "update">;

export interface SecurityEntry {
  event: Exclude<SecurityEvent, "sign_in_failed" | "token_used" | "token_refused">;
  /** The account concerned. */
  userId: number;
  /** Who did it, when not the account itself (an administrator resetting a password). */
  actorId?: number | null;
  address: string;
  /** The personal access token concerned (created, revoked). */
  tokenId?: number;
}

/**
 * Appends one line to the security log. Call it with the transaction that changes the session or the
 * password, so that the line and the change commit together. Never given a password or a token.
 */
export function recordSecurityEvent(tx: Writer, entry: SecurityEntry): void {
  tx.insert(securityLog)
    .values({ event: entry.event, userId: entry.userId, actorId: entry.actorId ?? null, address: entry.address, tokenId: entry.tokenId ?? null, at: nowTimestamp() })
    .run();
}

/** An email address typed into the sign-in form, kept to the length an address may have. */
const typed = (email: string) => email.slice(0, 320);

/**
 * A failed sign-in. For an existing account it is one line each: the sign-in limiter already bounds those
 * per account. For an address with no account, the attempts from one client address within one hour are
 * folded into one line (its count and last time; the first address typed is kept), so that one attacker
 * trying made-up addresses adds at most 24 lines a day, however fast they try.
 */
export function recordFailedSignIn(db: AppDatabase, attempt: { userId: number | null; email: string; address: string }): void {
  const at = nowTimestamp();
  db.transaction(
    (tx) => {
      if (attempt.userId !== null) {
        tx.insert(securityLog)
          .values({ event: "sign_in_failed", userId: attempt.userId, email: typed(attempt.email), address: attempt.address, at })
          .run();
        return;
      }
      const hourStart = `${at.slice(0, 13)}:00:00.000Z`;
      const folded = tx
        .select({ id: securityLog.id })
        .from(securityLog)
        .where(and(eq(securityLog.address, attempt.address), eq(securityLog.event, "sign_in_failed"), gte(securityLog.at, hourStart), isNull(securityLog.userId)))
        .get();
      if (folded)
        tx.update(securityLog)
          .set({ attempts: sql`${securityLog.attempts} + 1`, lastAt: at })
          .where(eq(securityLog.id, folded.id))
          .run();
      else
        tx.insert(securityLog)
          .values({ event: "sign_in_failed", userId: null, email: typed(attempt.email), address: attempt.address, at })
          .run();
    },
    { behavior: "immediate" },
  );
}

/**
 * A request made with a personal access token (or refused because the token expired or was revoked). Every
 * use counts; the uses of one token from one address within one hour are folded into one line (its count
 * and last time), so that a script syncing every minute adds 24 lines a day, not 1,440.
 */
export function recordTokenUse(db: AppDatabase, use: { event: "token_used" | "token_refused"; tokenId: number; userId: number; address: string }): void {
  const at = nowTimestamp();
  const hourStart = `${at.slice(0, 13)}:00:00.000Z`;
  db.transaction(
    (tx) => {
      const folded = tx
        .select({ id: securityLog.id })
        .from(securityLog)
        .where(and(eq(securityLog.tokenId, use.tokenId), eq(securityLog.event, use.event), eq(securityLog.address, use.address), gte(securityLog.at, hourStart)))
        .get();
      if (folded)
        tx.update(securityLog)
          .set({ attempts: sql`${securityLog.attempts} + 1`, lastAt: at })
          .where(eq(securityLog.id, folded.id))
          .run();
      else tx.insert(securityLog).values({ event: use.event, userId: use.userId, tokenId: use.tokenId, address: use.address, at }).run();
    },
    { behavior: "immediate" },
  );
}

const account = alias(users, "account");
const actor = alias(users, "actor");

/** One page of the log, newest first, optionally of one kind of event. */
export function listSecurityLog(db: AppDatabase, options: { page: number; event?: SecurityEvent }) {
  const where = options.event ? eq(securityLog.event, options.event) : undefined;
  const total = db.select({ n: count() }).from(securityLog).where(where).get()!.n;
  const entries = db
    .select({
      id: securityLog.id,
      event: securityLog.event,
      at: securityLog.at,
      lastAt: securityLog.lastAt,
      attempts: securityLog.attempts,
      emailTyped: securityLog.email,
      address: securityLog.address,
      userId: securityLog.userId,
      userName: account.name,
      userEmail: account.email,
      actorName: actor.name,
      tokenName: apiTokens.name,
      tokenPrefix: apiTokens.prefix,
    })
    .from(securityLog)
    .leftJoin(account, eq(account.id, securityLog.userId))
    .leftJoin(actor, eq(actor.id, securityLog.actorId))
    .leftJoin(apiTokens, eq(apiTokens.id, securityLog.tokenId))
    .where(where)
    .orderBy(desc(securityLog.at), desc(securityLog.id))
    .limit(SECURITY_LOG_PAGE_SIZE)
    .offset((options.page - 1) * SECURITY_LOG_PAGE_SIZE)
    .all();
  return { entries, total, page: options.page, pageSize: SECURITY_LOG_PAGE_SIZE, pages: Math.max(1, Math.ceil(total / SECURITY_LOG_PAGE_SIZE)) };
}
