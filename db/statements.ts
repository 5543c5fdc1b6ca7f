import type { Database, Statement } from "better-sqlite3";

const byConnection = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement, prepared once per connection. On the hot paths (saving a period, the
 * portfolio, a pilot page) preparing costs more than running the small statements themselves.
 */
// biome-ignore lint/complexity/noBannedTypes: better-sqlite3 types named parameters as `{}`, and a statement here takes either kind.
export function prepareCached<Params extends unknown[] | {} = unknown[], Row = unknown>(client: Database, sql: string): Statement<Params, Row> {
  let statements = byConnection.get(client);
  if (!statements) byConnection.set(client, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = client.prepare(sql)));
  return statement as Statement<Params, Row>;
}
