import { createHash } from "node:crypto";
import type { AppDatabase } from "../../db/client";

/** A digest of every row of every table: equal before and after means nothing was written. */
export function databaseChecksum(db: AppDatabase, options: { except?: readonly string[] } = {}): string {
  const hash = createHash("sha256");
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    if (options.except?.includes(name)) continue;
    hash.update(name);
    for (const row of db.$client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}
