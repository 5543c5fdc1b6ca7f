/** What the security log records: signing in and out, passwords changing hands, API tokens made, revoked and used (server/services/securityLog.ts). */
export const securityEvents = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "sign_out_everywhere",
  "password_change",
  "password_reset",
  "token_created",
  "token_revoked",
  "token_used",
  "token_refused",
] as const;
export type SecurityEvent = (typeof securityEvents)[number];

/** Rows per page of the administrators' security log. */
export const SECURITY_LOG_PAGE_SIZE = 50;
