import { resolve } from "node:path";
import { openDatabase } from "../db/client";
import { seedDemoDataIfEmpty } from "./demo/demo";
import { today } from "./clock";
import { createApp } from "./app";
import { bootstrapAdministrator } from "./services/bootstrap";
import { deleteExpiredSessions } from "./services/sessions";
import { logger } from "./logger";
import { createMailer, mailSettingsFrom } from "./notices/mailer";
import { startNoticeScheduler } from "./notices/scheduler";

const port = Number(process.env.PORT ?? 3000);
const dbPath = process.env.DB_PATH ?? "./data/pilot-monitor.sqlite";
const host = process.env.HOST ?? "0.0.0.0";

const seedDemo = process.env.SEED_DEMO !== "false";
// Demo mode shows the demo accounts' passwords on the sign-in page. On by default exactly when the demo
// data is on (npm start); DEMO_MODE=0 or 1 overrides it (docs/decisions/009-accounts-and-permissions.md).
const demoMode = process.env.DEMO_MODE === undefined ? seedDemo : process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true";

const db = openDatabase(dbPath);
bootstrapAdministrator(db, process.env, (line) => logger.info(line));
if (seedDemo && seedDemoDataIfEmpty(db, today())) {
  logger.info("Loaded the demo data (Luserna San Giovanni and a fictional pilot) with one demo account per role.");
}
deleteExpiredSessions(db);
if (demoMode) logger.info("Demo mode: the sign-in page shows the demo accounts and their passwords.");

// E-mail only when SMTP_URL is set (README, "E-mail"): otherwise notices wait in the outbox and inviters pass links on.
const mail = mailSettingsFrom(process.env, port);
const notices = mail
  ? startNoticeScheduler({
      db,
      mailer: createMailer(mail),
      publicUrl: mail.publicUrl,
      reviewReminderHours: mail.reviewReminderHours,
      sendEvery: process.env.MAIL_SEND_EVERY,
    })
  : null;
if (mail) logger.info({ from: mail.from, publicUrl: mail.publicUrl }, "E-mail is on: reminders and digests at 07:00, the outbox sent every minute.");

const trustProxy = process.env.TRUST_PROXY;
const app = createApp({
  db,
  demoMode,
  mailEnabled: mail !== null,
  clientDir: resolve(import.meta.dirname, "../dist/client"),
  trustProxy: trustProxy === undefined ? undefined : trustProxy === "true" ? true : /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy,
});
const server = app.listen(port, host, () => {
  logger.info({ port, host, database: resolve(dbPath) }, `Pilot Monitor is running on http://${host === "0.0.0.0" ? "localhost" : host}:${port} (database: ${resolve(dbPath)})`);
});

function shutdown(signal: string) {
  logger.info(`${signal} received: finishing requests in flight, then closing the database.`);
  notices?.stop();
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
