import { resolve } from "node:path";
import { openDatabase } from "../db/client";
import { seedDemoDataIfEmpty } from "../db/seed/demo";
import { todayIso } from "../shared/dates";
import { createApp } from "./app";

const port = Number(process.env.PORT ?? 3000);
const dbPath = process.env.DB_PATH ?? "./data/pilot-monitor.sqlite";
const host = process.env.HOST ?? "0.0.0.0";

const db = openDatabase(dbPath);
if (process.env.SEED_DEMO !== "false" && seedDemoDataIfEmpty(db, todayIso())) {
  console.log("Loaded the demo data (Luserna San Giovanni and a fictional pilot) into the empty database.");
}

const app = createApp({ db, clientDir: resolve(import.meta.dirname, "../dist/client") });
const server = app.listen(port, host, () => {
  console.log(`Pilot Monitor is running on http://${host === "0.0.0.0" ? "localhost" : host}:${port} (database: ${resolve(dbPath)})`);
});

function shutdown(signal: string) {
  console.log(`${signal} received: finishing requests in flight, then closing the database.`);
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  // Idle keep-alive connections would hold close() open; busy ones finish their request first.
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
