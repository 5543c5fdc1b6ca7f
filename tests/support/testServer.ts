import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { createApp, type AppOptions } from "../../server/app";
import { createLogger } from "../../server/logger";
import { createTestDatabase, DEMO_TODAY, seedDemo } from "./testDatabase";

// A request line per call would bury the test report; LOG_LEVEL=info shows them when a test needs looking into.
const quietLogger = createLogger({ level: process.env.LOG_LEVEL ?? "silent" });

/** The real express app with the demo data on a fresh database, listening on a free loopback port. */
export async function startTestServer(options: Omit<AppOptions, "db"> = {}) {
  const testDb = createTestDatabase();
  seedDemo(testDb.db);
  const server: Server = createApp({ db: testDb.db, today: () => DEMO_TODAY, logger: quietLogger, ...options }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    db: testDb.db,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      testDb.cleanup();
    },
  };
}

/** Signs in through the API with a demo account's password; returns the Cookie header to send. */
export async function signInCookie(baseUrl: string, db: AppDatabase, email: string): Promise<string> {
  const password = db.select({ password: users.demoPassword }).from(users).where(eq(users.email, email)).get()?.password;
  if (!password) throw new Error(`${email} is not a demo account`);
  const response = await fetch(`${baseUrl}/api/trpc/auth.signIn`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`Sign-in failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return setCookie.split(";")[0]!;
}
