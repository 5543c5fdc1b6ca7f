/**
 * npm run restore -- --from ./backups/pilot-monitor-<time>.sqlite [--db ./data/pilot-monitor.sqlite]
 * Stop the server first. The replaced database is kept next to it.
 */
import { parseArgs } from "node:util";
import { restoreDatabase } from "../backup";

const { values } = parseArgs({ options: { from: { type: "string" }, db: { type: "string" } } });
if (!values.from) {
  console.error("Say which backup to restore: npm run restore -- --from ./backups/<file>.sqlite");
  process.exit(2);
}
const target = values.db ?? process.env.DB_PATH ?? "./data/pilot-monitor.sqlite";
restoreDatabase(values.from, target).then(
  ({ keptPreviousAs, evidenceFiles }) =>
    console.log(
      `Restored ${values.from} into ${target} with ${evidenceFiles} evidence file(s), hashes checked.${keptPreviousAs ? ` The database it replaced is kept as ${keptPreviousAs}.` : ""} Start the server again.`,
    ),
  (error: Error) => {
    console.error(`Restore failed: ${error.message}`);
    process.exit(1);
  },
);
