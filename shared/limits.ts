/**
 * Limits the client and the server must agree on, in one place. The client's tRPC link splits its batches
 * at this size; the server refuses a larger batch (server/middleware/batchLimit.ts), so one request cannot
 * carry a thousand sign-in attempts or a thousand heavy queries.
 */
export const MAX_CALLS_PER_BATCH = 20;

/** The shortest password accepted; the forms say it before anyone types (client) and the schemas enforce it (server). */
export const MIN_PASSWORD_LENGTH = 10;
