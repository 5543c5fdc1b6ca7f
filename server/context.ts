import type { AppDatabase } from "../db/client";
import { todayIso, type IsoDate } from "../shared/dates";

/**
 * 1. Context. The inner context is everything a procedure may use; tests build it directly.
 * The accounts issue adds the signed-in user here, in this one place.
 */
export interface InnerContext {
  db: AppDatabase;
  /** Today's date; injectable so tests and demo data agree on "now". */
  today: () => IsoDate;
}

export function createInnerContext(options: { db: AppDatabase; today?: () => IsoDate }): InnerContext {
  return { db: options.db, today: options.today ?? (() => todayIso()) };
}

export type Context = InnerContext;
