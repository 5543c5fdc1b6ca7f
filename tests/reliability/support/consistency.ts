import Database from "better-sqlite3";

/**
 * Checks a database file on its own: SQLite's integrity check, and that every result's running
 * totals equal the sum of its indicator's values up to it (a copy torn between two transactions would
 * break that). Returns a list of problems; empty means sound.
 */
export function problemsIn(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
    const torn = db
      .prepare(
        `SELECT count(*) AS n FROM results r JOIN (
           SELECT id, count(*) OVER w AS c, total(value) OVER w AS s FROM results
           WINDOW w AS (PARTITION BY indicator_id ORDER BY period_sequence ROWS UNBOUNDED PRECEDING)
         ) t ON t.id = r.id
         WHERE t.c <> r.cum_count OR abs(t.s - r.cum_value) > 1e-6`,
      )
      .get() as { n: number };
    if (torn.n > 0) problems.push(`${torn.n} results whose running totals disagree with their values`);
    return problems;
  } finally {
    db.close();
  }
}
