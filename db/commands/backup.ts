/**
 * npm run backup [-- --db ./data/pilot-monitor.sqlite --out ./backups/pilot-monitor-<time>.sqlite]
 * Safe while the server runs and people save. See docs/reliability.md for how often.
 */
import { parseArgs } from "node:util";
import { backupDatabase } from "../backup";

const { values } = parseArgs({ options: { db: { type: "string" }, out: { type: "string" } } });
const source = values.db ?? process.env.DB_PATH ?? "./data/pilot-monitor.sqlite";
const destination = values.out ?? `./backups/pilot-monitor-${new Date().toISOString().replace(/[:.]/g, "-")}.sqlite`;
backupDatabase(source, destination).then(
  ({ pages, evidenceFiles }) => console.log(`Backed up ${source} to ${destination} (${pages} pages, integrity ok) and ${evidenceFiles} evidence file(s), hashes checked.`),
  (error: Error) => {
    console.error(`Backup failed: ${error.message}`);
    process.exit(1);
  },
);
