/**
 * npm run evidence:check [-- --db ./data/pilot-monitor.sqlite]
 * Compares the evidence folder with the database: files no row names (orphans, harmless), files rows name
 * that are missing, and files whose content no longer matches their hash. Exits 1 when any is missing or damaged.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { evidenceDirBeside, namedEvidence, unsoundEvidence } from "../evidenceFiles";

const { values } = parseArgs({ options: { db: { type: "string" } } });
const database = values.db ?? process.env.DB_PATH ?? "./data/pilot-monitor.sqlite";
if (!existsSync(database)) {
  console.error(`No database at ${database}.`);
  process.exit(2);
}
const dir = evidenceDirBeside(database);
const named = namedEvidence(database);
const stored = existsSync(dir) ? readdirSync(dir).flatMap((prefix) => (/^[0-9a-f]{2}$/.test(prefix) ? readdirSync(join(dir, prefix)) : [])) : [];
const namedSet = new Set(named);
const orphans = stored.filter((sha) => /^[0-9a-f]{64}$/.test(sha) && !namedSet.has(sha));
const unsound = unsoundEvidence(named, dir);
console.log(`Evidence folder ${dir}: ${named.length} file(s) named by the database, ${unsound.length} missing or damaged, ${orphans.length} orphan(s).`);
for (const sha of unsound) console.log(`  missing or damaged: ${sha}`);
for (const sha of orphans) console.log(`  orphan: ${sha}`);
process.exit(unsound.length ? 1 : 0);
