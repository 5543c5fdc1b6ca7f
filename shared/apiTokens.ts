/*
 * Personal access tokens for the HTTP API (/api/v1, docs/decisions/016-api-tokens.md). A token acts as
 * the person who made it, with their roles of the moment; its scope can only narrow that: "read" reads,
 * "read_write" also writes a period's results (which land as a draft).
 */

export const tokenScopes = ["read", "read_write"] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** How long a token may live: from a day to a year. A token that never expires is one nobody remembers to revoke. */
export const TOKEN_MAX_DAYS = 366;
export const tokenLifetimes = [7, 30, 90, 365] as const;

/** Every token starts with this, so that a secret scanner (or a person) recognises one pasted by mistake. */
export const TOKEN_PREFIX = "pm_";
