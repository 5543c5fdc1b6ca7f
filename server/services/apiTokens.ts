import { and, desc, eq, isNull } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { AppDatabase } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { TOKEN_PREFIX, type TokenScope } from "../../shared/apiTokens";
import type { CreateTokenInput } from "../../shared/schemas";
import { loadSignedInUser, type SignedInUser } from "./sessions";
import { recordSecurityEvent } from "./securityLog";

/*
 * Personal access tokens (docs/decisions/016-api-tokens.md). The secret is shown once, at creation; only
 * its SHA-256 is stored (a random 256-bit secret needs no slow hash: nobody can guess it, only steal it).
 */

type Db = Pick<AppDatabase, "insert" | "select" | "update">;

export const tokenHashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** What the owner sees of a token after it was made: never the secret. */
export interface TokenSummary {
  id: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const summaryColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  scope: apiTokens.scope,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** Makes a token for its owner, with the security-log line in the same transaction; returns the secret once. */
export function createApiToken(db: AppDatabase, owner: { userId: number; address: string }, input: CreateTokenInput, now: Date): { token: TokenSummary; secret: string } {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  return db.transaction((tx) => {
    const row = tx
      .insert(apiTokens)
      .values({
        userId: owner.userId,
        name: input.name,
        scope: input.scope,
        secretHash: tokenHashOf(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        createdAt: now.toISOString(),
        expiresAt,
      })
      .returning(summaryColumns)
      .get();
    recordSecurityEvent(tx, { event: "token_created", userId: owner.userId, tokenId: row.id, address: owner.address });
    return { token: row, secret };
  });
}

/** The owner's tokens, newest first, revoked and expired ones too (so that a log line's token can be found). */
export function listApiTokens(db: AppDatabase, userId: number): TokenSummary[] {
  return db.select(summaryColumns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).all();
}

/** Revokes one of the owner's own tokens; false when there is no such token of theirs, or it was revoked already. */
export function revokeApiToken(db: AppDatabase, owner: { userId: number; address: string }, tokenId: number, now: Date): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(apiTokens)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, owner.userId), isNull(apiTokens.revokedAt)))
      .run().changes;
    if (changed === 1) recordSecurityEvent(tx, { event: "token_revoked", userId: owner.userId, tokenId, address: owner.address });
    return changed === 1;
  });
}

export type BearerResolution =
  | { ok: true; tokenId: number; scope: TokenScope; user: SignedInUser }
  /** Known token, no longer valid: said as such, and logged against its owner. */
  | { ok: false; reason: "expired" | "revoked" | "owner inactive"; tokenId: number; userId: number }
  | { ok: false; reason: "unknown" };

/**
 * The person a bearer secret acts as, with their memberships as they are now (a role taken away applies
 * to the next request at once), or why not.
 */
export function resolveBearer(db: Db & AppDatabase, secret: string, now: Date): BearerResolution {
  const row = db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.secretHash, tokenHashOf(secret)))
    .get();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked", tokenId: row.id, userId: row.userId };
  if (row.expiresAt <= now.toISOString()) return { ok: false, reason: "expired", tokenId: row.id, userId: row.userId };
  const user = loadSignedInUser(db, row.userId);
  if (!user) return { ok: false, reason: "owner inactive", tokenId: row.id, userId: row.userId };
  db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id)).run();
  return { ok: true, tokenId: row.id, scope: row.scope, user };
}
